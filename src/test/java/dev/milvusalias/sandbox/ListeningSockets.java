package dev.milvusalias.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Listening TCP sockets as Linux reports them in /proc: by port, or owned by given processes. */
final class ListeningSockets {

    /** A socket in state LISTEN: its local address (IPv4-mapped IPv6 shown as IPv4) and port. */
    record Listener(String address, int port, long inode) {
        @Override
        public String toString() {
            return address + ":" + port;
        }
    }

    private ListeningSockets() {
    }

    static boolean supported() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** Every listening socket of this host (network namespace). */
    static List<Listener> all() {
        List<Listener> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(p)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !f[1].contains(":") || !"0A".equals(f[3])) { // 0A = LISTEN
                        continue;
                    }
                    String[] local = f[1].split(":");
                    out.add(new Listener(procNetAddress(local[0]).getHostAddress(), Integer.parseInt(local[1], 16),
                            Long.parseLong(f[9])));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static List<Listener> onPort(int port) {
        return all().stream().filter(l -> l.port() == port).toList();
    }

    /** The listening sockets whose file descriptors the given processes hold. */
    static List<Listener> ownedBy(Set<Long> pids) {
        Set<Long> inodes = new HashSet<>();
        for (long pid : pids) {
            Path fds = Path.of("/proc", Long.toString(pid), "fd");
            try (Stream<Path> list = Files.list(fds)) {
                for (Path fd : list.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                }
            } catch (NoSuchFileException e) {
                // process gone
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all().stream().filter(l -> inodes.contains(l.inode())).toList();
    }

    /**
      * /proc/net/tcp[6] print addresses as 32-bit words in host (little-endian) byte order. An IPv4-mapped IPv6 address
      * (a dual-stack socket bound to 127.0.0.1) comes back as the plain IPv4 address.
      */
    private static InetAddress procNetAddress(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
