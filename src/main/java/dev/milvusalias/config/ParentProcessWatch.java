package dev.milvusalias.config;

import java.time.Duration;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * Ends the operator when the process that started it ends. For a launcher that runs the operator as its child
 * ({@code make run}'s sandbox sets {@code milvus-alias.parent-pid} to its own PID): a child process outlives a parent
 * killed with SIGKILL, and would go on running against an API server and a Milvus that are gone. Off unless that
 * setting is given; a Deployment never sets it.
 */
public final class ParentProcessWatch {

    private static final Logger LOG = Logger.getLogger(ParentProcessWatch.class);

    private ParentProcessWatch() {
    }

    /**
     * Looks every {@code interval}, on a daemon thread, whether process {@code pid} still runs, and runs {@code exit}
     * once it does not: at once when there is no such process. A PID reused by a later process does not count as
     * alive ({@link ProcessHandle#isAlive} compares start times).
     *
     * @return the watching thread
     */
    public static Thread start(long pid, Duration interval, Runnable exit) {
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        Thread watch = new Thread(() -> {
            while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            LOG.infof("Process %d (milvus-alias.parent-pid), which started the operator, has ended: exiting", pid);
            exit.run();
        }, "parent-process-watch");
        watch.setDaemon(true);
        watch.start();
        return watch;
    }
}
