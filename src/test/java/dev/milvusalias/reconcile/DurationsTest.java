package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30s, PT30S", "10m, PT10M", "2h, PT2H", "1h30m, PT1H30M", "PT45S, PT45S", "' 5m ', PT5M"})
    void parses(String text, String iso) {
        assertThat(Durations.parse(text)).contains(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "10", "5x", "m", "PTX"})
    void rejectsWithAReadableMessage(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text).hasMessageContaining("examples");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void blankIsAbsent(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }
}
