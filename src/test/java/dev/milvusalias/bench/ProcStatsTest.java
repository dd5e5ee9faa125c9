package dev.milvusalias.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void readsThisJvmsMemoryAndCpu() {
        long pid = ProcessHandle.current().pid();

        assertThat(ProcStats.rssBytes(pid)).isGreaterThan(1L << 20);
        assertThat(ProcStats.peakRssBytes(pid)).isGreaterThanOrEqualTo(ProcStats.rssBytes(pid) / 2);
        assertThat(ProcStats.cpuSeconds(pid)).isPositive();
        assertThat(ProcStats.reapedChildrenCpuSeconds()).isNotNegative();
    }
}
