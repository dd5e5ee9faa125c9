package dev.milvusalias.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@link ParentProcessWatch} against real processes: a {@code sleep} stands in for the sandbox. */
class ParentProcessWatchTest {

    private static final Duration INTERVAL = Duration.ofMillis(50);

    @Test
    void exitsOnceTheWatchedProcessEndsAndNotBefore() throws Exception {
        Process parent = new ProcessBuilder("sleep", "60").start();
        try {
            CountDownLatch exited = new CountDownLatch(1);
            Thread watch = ParentProcessWatch.start(parent.pid(), INTERVAL, exited::countDown);

            assertThat(watch.isDaemon()).as("never keeps the operator's JVM up").isTrue();
            assertThat(exited.await(500, TimeUnit.MILLISECONDS)).as("exit while the parent runs").isFalse();

            parent.destroyForcibly().waitFor();
            assertThat(exited.await(5, TimeUnit.SECONDS)).as("exit after the parent was killed").isTrue();
            watch.join(1000);
            assertThat(watch.isAlive()).isFalse();
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void exitsAtOnceWhenTheProcessIsGoneAlready() throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();

        CountDownLatch exited = new CountDownLatch(1);
        ParentProcessWatch.start(gone.pid(), Duration.ofMinutes(1), exited::countDown);

        assertThat(exited.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
