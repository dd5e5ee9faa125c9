package dev.milvusalias.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of one server, to make that server vanish for its clients: {@link #dropConnections()}
 * cuts every open connection (a watch that drops) while new ones are accepted; {@link #stop()} also closes the
 * listening port (connection refused, as while an API server restarts) until {@link #start()} opens the same port
 * again. Bytes pass through unchanged in both directions. Threads are daemons and end with their sockets.
 */
public final class TcpProxy implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Object lifecycle = new Object();
    private ServerSocket listener;
    private int port;

    private TcpProxy(InetSocketAddress target) {
        this.target = target;
    }

    /** Starts a proxy on a free port of 127.0.0.1 that forwards to {@code targetPort} on 127.0.0.1. */
    public static TcpProxy to(int targetPort) {
        TcpProxy proxy = new TcpProxy(new InetSocketAddress(LOOPBACK, targetPort));
        proxy.start();
        return proxy;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        synchronized (lifecycle) {
            return port;
        }
    }

    /** Connections accepted so far (each reconnect of a client counts). */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Listens (again, on the same port after a {@link #stop()}). */
    public void start() {
        synchronized (lifecycle) {
            if (listener != null) {
                return;
            }
            try {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(LOOPBACK, port), 50);
                listener = socket;
                port = socket.getLocalPort();
                daemon("tcp-proxy-accept-" + port, () -> acceptLoop(socket));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
            }
        }
    }

    /** Closes the listening port and every connection: clients get "connection refused" until {@link #start()}. */
    public void stop() {
        synchronized (lifecycle) {
            if (listener != null) {
                closeQuietly(listener);
                listener = null;
            }
        }
        dropConnections();
    }

    /** Cuts every open connection; the port keeps accepting new ones. */
    public void dropConnections() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    @Override
    public void close() {
        stop();
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException closed) {
                return;
            }
            accepted.incrementAndGet();
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            daemon("tcp-proxy-up-" + port, () -> pump(client, upstream));
            daemon("tcp-proxy-down-" + port, () -> pump(upstream, client));
        }
    }

    /** Copies until either side closes, then closes both, so that the other pump ends too. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketException closed) {
            // dropped on purpose, or closed by the other pump
        } catch (IOException e) {
            // the peer went away; nothing to report
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
