package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
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
    @ValueSource(strings = {"99999999999999999999h", "9999999999999h", "2562047788015216h", "99999999999999999999s",
            "8761h", "PT99999999999999999999H", "PT2562047788015215H", "PT8761H", "0000000000000000000009000h"})
    void tooLongIsRejectedReadablyInsteadOfOverflowing(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"8760h, PT8760H", "0009m, PT9M", "0s, PT0S"})
    void upToTheMaximumIsAccepted(String text, String iso) {
        assertThat(Durations.parse(text)).contains(Duration.parse(iso));
        assertThat(Durations.MAX).isEqualTo(Duration.ofHours(8760));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT-5M", "-PT5M"})
    void negativeIsRejected(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }

    @Test
    void aHugeValueIsEchoedOnlyInPart() {
        String huge = "1".repeat(100_000) + "s";

        assertThatThrownBy(() -> Durations.parse(huge)).isExactlyInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200).contains("100001 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void blankIsAbsent(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }
}
