package dev.milvusalias.sandbox;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
  * What {@code make run} runs when no cluster is reachable (or with {@code SANDBOX=true}): the {@link Sandbox}, the
  * packaged operator ({@code target/quarkus-app/quarkus-run.jar}, built by {@code make build}) as a child process
  * pointed at it, and a live view of every MilvusAlias next to what the emulator says. Ctrl-C stops it all and exits
  * 0.
  * <p>
  * Environment: {@code SANDBOX_MILVUS_PORT} (default 19530; {@code make run MILVUS_PORT=...}), {@code SANDBOX_API_PORT}
  * (default: a free port), {@code SANDBOX_DIR} (default {@code target/sandbox}). The working directory must be the
  * repository root.
  */
public final class SandboxMain {

    static final Path OPERATOR_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    static final Duration OPERATOR_START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration OPERATOR_STOP_TIMEOUT = Duration.ofSeconds(20);
    static final Duration POLL = Duration.ofMillis(300);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** Held, so that the levels set on them stay (JUL keeps loggers weakly). */
    private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

    private final Path project;
    private final Path workDir;
    private final int milvusPort;
    private final int apiPort;
    private final PrintStream out;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Semaphore changed = new Semaphore(0);
    private final Object lifecycle = new Object();
    private Sandbox sandbox;
    private Process operator;
    private SharedIndexInformer<MilvusAlias> informer;
    private Thread view;
    private boolean stopped;

    SandboxMain(Path project, Path workDir, int milvusPort, int apiPort, PrintStream out) {
        this.project = project;
        this.workDir = workDir;
        this.milvusPort = milvusPort;
        this.apiPort = apiPort;
        this.out = out;
    }

    public static void main(String[] args) {
        quietLibraryLogging();
        Map<String, String> env = System.getenv();
        Path project = Path.of("").toAbsolutePath();
        int milvusPort;
        int apiPort;
        try {
            milvusPort = port(env, "SANDBOX_MILVUS_PORT", Sandbox.DEFAULT_MILVUS_PORT);
            apiPort = port(env, "SANDBOX_API_PORT", 0);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path workDir = env.containsKey("SANDBOX_DIR") ? project.resolve(env.get("SANDBOX_DIR"))
                : project.resolve("target").resolve("sandbox");
        SandboxMain main = new SandboxMain(project, workDir, milvusPort, apiPort, System.out);
        main.handleSignals();
        System.exit(main.run());
    }

    /** The terminal is for the live view: library chatter only from WARNING up, and none of the known noise. */
    private static void quietLibraryLogging() {
        QUIETED.add(java.util.logging.Logger.getLogger(""));
        QUIETED.get(0).setLevel(java.util.logging.Level.WARNING);
        // "The client is using resource type 'milvusaliases' with unstable version 'v1alpha1'": known, and said once per
        // start; the operator's own log keeps it
        for (String name : List.of("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils")) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            logger.setLevel(java.util.logging.Level.SEVERE);
            QUIETED.add(logger);
        }
    }

    static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " is not a port number (0-65535)");
    }

    /** Ctrl-C (SIGINT) and SIGTERM stop everything and exit 0; a shutdown hook covers every other way out. */
    @SuppressWarnings("restriction")
    private void handleSignals() {
        sun.misc.SignalHandler handler = signal -> {
            stop("\nSIG" + signal.getName() + ": stopping the sandbox.");
            System.exit(0);
        };
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(null), "sandbox-shutdown"));
    }

    /** Starts everything, then waits; returns the exit code when the operator ends on its own. */
    int run() {
        Path jar = project.resolve(OPERATOR_JAR);
        if (!Files.isRegularFile(jar)) {
            out.println(OPERATOR_JAR + " is missing: run `make build` first (`make run` does).");
            return 1;
        }
        synchronized (lifecycle) {
            if (stopping.get()) {
                return 0;
            }
            try {
                sandbox = Sandbox.start(Sandbox.Options.defaults(project).withWorkDir(workDir).withMilvusPort(milvusPort)
                        .withApiPort(apiPort));
            } catch (Sandbox.PortBusyException e) {
                out.println("Cannot start the Milvus emulator: " + e.getMessage() + ".");
                out.println("Stop what listens there, or choose another port: make run MILVUS_PORT=" + (e.port() + 1)
                        + "  (environment variable MILVUS_PORT).");
                return 1;
            }
        }
        MilvusEmulator milvus = sandbox.emulator();
        out.println("milvus-alias-operator sandbox (no cluster needed)");
        out.println("  Kubernetes API   " + sandbox.apiUrl() + "  (embedded, CRDs from crds/)");
        out.println("  kubeconfig       " + display(sandbox.kubeconfig()));
        out.println("  Milvus emulator  127.0.0.1:" + milvus.port() + "  collections " + String.join(", ",
                Sandbox.DEMO_COLLECTIONS) + " (loaded) in database " + Sandbox.DATABASE);
        out.println("  applied          " + String.join(", ", Sandbox.APPLIED_EXAMPLES)
                + (milvus.port() == Sandbox.DEFAULT_MILVUS_PORT ? "" : "  (connection uri set to " + milvus.uri() + ")"));

        Path log = workDir.resolve("operator.log");
        int httpPort = freePort();
        long started = System.nanoTime();
        synchronized (lifecycle) {
            if (stopping.get()) {
                return 0;
            }
            try {
                ProcessBuilder pb = new ProcessBuilder(operatorCommand(jar))
                        .directory(project.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                Map<String, String> env = operatorEnvironment(System.getenv(), sandbox.kubeconfig(), httpPort,
                        ProcessHandle.current().pid());
                pb.environment().clear();
                pb.environment().putAll(env);
                operator = pb.start();
            } catch (IOException e) {
                out.println("Cannot start the operator: " + e.getMessage());
                stop(null);
                return 1;
            }
        }
        out.printf("  operator         %s, pid %d, http://127.0.0.1:%d, log: %s%n", OPERATOR_JAR, operator.pid(), httpPort,
                display(log));
        if (!awaitOperatorReady(httpPort)) {
            if (stopping.get()) {
                return 0;
            }
            out.println("The operator did not start" + (operator.isAlive() ? " within " + OPERATOR_START_TIMEOUT.toSeconds()
                    + " s" : " (exit code " + operator.exitValue() + ")") + ". Last lines of " + display(log) + ":");
            tail(log, 40).forEach(l -> out.println("  | " + l));
            stop(null);
            return 1;
        }
        out.printf("  operator ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
        out.println();
        printTryNext();
        startView();

        int code = waitForOperatorExit();
        if (stopping.get() || signalArrives()) {
            parkUntilExit();
        }
        out.println("The operator exited on its own (exit code " + code + "). Last lines of " + display(log) + ":");
        tail(log, 40).forEach(l -> out.println("  | " + l));
        stop(null);
        return 1;
    }

    /** The operator command: the production artifact, nothing from the test class path. */
    public static List<String> operatorCommand(Path jar) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
    }

    /**
      * The operator's environment: the inherited one without in-cluster settings ({@code KUBERNETES_*}), pointed at the
      * sandbox API through {@code KUBECONFIG} (so a {@code ~/.kube/config} is never read), its HTTP server (health
      * checks) on 127.0.0.1 only, a short resync, so that drift made in the emulator shows within seconds, and this
      * process's PID as the operator's parent ({@code milvus-alias.parent-pid}): it exits when the sandbox ends, even
      * by SIGKILL, which no shutdown hook sees.
      * <p>
      * Not {@code QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL}: {@code quarkus.kubernetes-client.api-server-url} is fixed at
      * build time, and the packaged operator only logs a warning when it is set at run time.
      */
    public static Map<String, String> operatorEnvironment(Map<String, String> inherited, Path kubeconfig,
            int httpPort, long parentPid) {
        Map<String, String> env = new TreeMap<>(inherited);
        env.keySet().removeIf(k -> k.startsWith("KUBERNETES_"));
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("MILVUS_ALIAS_RESYNC_INTERVAL", "10s");
        env.put("MILVUS_ALIAS_PARENT_PID", Long.toString(parentPid));
        return env;
    }

    private boolean awaitOperatorReady(int httpPort) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + OPERATOR_START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && !stopping.get()) {
            if (!operator.isAlive()) {
                return false;
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleep(Duration.ofMillis(250));
        }
        return false;
    }

    private void printTryNext() {
        String k = "kubectl --kubeconfig " + display(sandbox.kubeconfig());
        out.println("Try next, in another terminal:");
        out.println("  " + k + " get malias");
        out.println("  " + k + " apply -f examples/products-v2.yaml      # switch products -> products_v2");
        out.println("  " + k + " patch malias products --type=merge -p '{\"spec\":{\"collectionName\":\"products_v1\"}}'");
        out.println("  " + k + " delete malias products                  # drops the alias in Milvus");
        out.println("  " + k + " get events");
        out.println("Ctrl-C stops the operator, the emulator and the API server.");
        out.println();
        out.println("Live view (a line per MilvusAlias: alias -> collection, Ready, and what Milvus says), on every change:");
        out.flush();
    }

    // ------------------------------------------------------------------------------------------------ live view

    private void startView() {
        synchronized (lifecycle) {
            if (stopping.get()) {
                return;
            }
            informer = sandbox.client().resources(MilvusAlias.class).inAnyNamespace()
                    .inform(new ResourceEventHandler<>() {
                        @Override
                        public void onAdd(MilvusAlias obj) {
                            changed.release();
                        }

                        @Override
                        public void onUpdate(MilvusAlias oldObj, MilvusAlias newObj) {
                            changed.release();
                        }

                        @Override
                        public void onDelete(MilvusAlias obj, boolean deletedFinalStateUnknown) {
                            changed.release();
                        }
                    }, 0);
            view = new Thread(this::viewLoop, "sandbox-live-view");
            view.setDaemon(true);
            view.start();
        }
    }

    private void viewLoop() {
        LiveView.Tracker tracker = new LiveView.Tracker();
        String last = null;
        while (!stopping.get()) {
            try {
                List<LiveView.Row> rows = tracker.update(informer.getStore().list().stream().map(LiveView.Row::of).toList());
                String text = LiveView.render(rows, milvusAliases(sandbox.emulator(), rows));
                if (!text.equals(last) && !stopping.get()) {
                    String time = LocalTime.now().format(CLOCK);
                    synchronized (out) {
                        text.lines().forEach(l -> out.println(time + "  " + l));
                        out.flush();
                    }
                    last = text;
                }
                changed.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                changed.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!stopping.get()) {
                    out.println("live view: " + e);
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
    }

    /** The emulator's aliases in {@code default} and in every database a row names. */
    static Map<String, Map<String, String>> milvusAliases(MilvusEmulator milvus, List<LiveView.Row> rows) {
        Set<String> databases = new LinkedHashSet<>();
        databases.add(Sandbox.DATABASE);
        rows.forEach(r -> databases.add(r.database()));
        Map<String, Map<String, String>> result = new TreeMap<>();
        for (String db : databases) {
            if (db != null && milvus.databaseExists(db)) {
                result.put(db, milvus.aliases(db));
            }
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------------ stopping

    private int waitForOperatorExit() {
        while (true) {
            try {
                return operator.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: only the operator's end or a signal ends the sandbox
            }
        }
    }

    /**
      * A Ctrl-C in the terminal reaches the operator (same process group) as well as this process; if the operator was
      * faster, give the signal handler a moment to take over.
      */
    private boolean signalArrives() {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (stopping.get()) {
                return true;
            }
            sleep(Duration.ofMillis(50));
        }
        return false;
    }

    /** The signal handler is stopping things and will exit 0. */
    private static void parkUntilExit() {
        while (true) {
            sleep(Duration.ofSeconds(60));
        }
    }

    /** Stops the view, the operator (SIGTERM, then wait), the emulator and the API server; idempotent. */
    void stop(String message) {
        stopping.set(true);
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (message != null) {
                out.println(message);
            }
            if (view != null) {
                view.interrupt();
            }
            if (informer != null) {
                informer.close();
            }
            if (operator != null) {
                operator.destroy();
                try {
                    if (!operator.waitFor(OPERATOR_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        operator.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    operator.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
                if (message != null) {
                    out.println("  operator (pid " + operator.pid() + ") stopped");
                }
            }
            if (sandbox != null) {
                sandbox.close();
                if (message != null) {
                    out.println("  Milvus emulator and Kubernetes API stopped");
                }
            }
            out.flush();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String display(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(project) ? project.relativize(abs).toString() : abs.toString();
    }

    private static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }

    /** A port on 127.0.0.1 that nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
