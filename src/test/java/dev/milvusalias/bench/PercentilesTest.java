package dev.milvusalias.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundredMilliseconds() {
        List<Long> nanos = new ArrayList<>();
        for (long ms = 100; ms >= 1; ms--) {
            nanos.add(ms * 1_000_000);
        }
        Collections.shuffle(nanos);

        Percentiles p = Percentiles.ofNanos(nanos);

        assertThat(p.samples()).isEqualTo(100);
        assertThat(p.p50()).isEqualTo(50.0);
        assertThat(p.p90()).isEqualTo(90.0);
        assertThat(p.p99()).isEqualTo(99.0);
        assertThat(p.max()).isEqualTo(100.0);
    }

    @Test
    void fewSamplesRoundUpToARealSample() {
        Percentiles p = Percentiles.ofNanos(List.of(3_000_000L, 1_000_000L, 2_000_000L));

        assertThat(p.p50()).isEqualTo(2.0);
        assertThat(p.p99()).isEqualTo(3.0);
        assertThat(Percentiles.ofNanos(List.of()).samples()).isZero();
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Percentiles.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(Percentiles.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }
}
