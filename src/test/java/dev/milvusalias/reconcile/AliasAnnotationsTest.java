package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;

class AliasAnnotationsTest {

    private static final Duration SETTING = Duration.ofMinutes(5);

    @Test
    void noAnnotationsMeansTheOperatorSettings() {
        AliasAnnotations annotations = AliasAnnotations.of(TestResources.alias("products", "v1", 1L));

        assertThat(annotations.paused()).isFalse();
        assertThat(annotations.resyncOr(SETTING)).isEqualTo(SETTING);
        assertThat(annotations.deletionTimeoutOr(Optional.empty())).isEmpty();
        assertThat(annotations.problem()).isEmpty();
    }

    @Test
    void readsPauseResyncAndDeletionTimeout() {
        AliasAnnotations annotations = AliasAnnotations.of(annotated(Map.of("milvus.io/paused", "TRUE",
                "milvus.io/resync-interval", "30s", "milvus.io/deletion-timeout", "10m")));

        assertThat(annotations.paused()).isTrue();
        assertThat(annotations.resyncOr(SETTING)).isEqualTo(Duration.ofSeconds(30));
        assertThat(annotations.deletionTimeoutOr(Optional.of(Duration.ofHours(1)))).contains(Duration.ofMinutes(10));
    }

    @Test
    void resyncIsAtLeastOneSecond() {
        assertThat(AliasAnnotations.of(annotated(Map.of("milvus.io/resync-interval", "0s"))).resyncOr(SETTING))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anUnparsableValueIsAProblemAndFallsBackToTheSetting() {
        AliasAnnotations annotations = AliasAnnotations.of(annotated(Map.of("milvus.io/deletion-timeout", "soon")));

        assertThat(annotations.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("annotation milvus.io/deletion-timeout: ").contains("'soon'"));
        assertThat(annotations.deletionTimeoutOr(Optional.of(SETTING))).contains(SETTING);
        assertThat(AliasValidation.problem(annotated(Map.of("milvus.io/resync-interval", "x")), AliasAnnotations.of(
                annotated(Map.of("milvus.io/resync-interval", "x"))))).hasValueSatisfying(p -> assertThat(p)
                        .contains("milvus.io/resync-interval"));
    }

    private static MilvusAlias annotated(Map<String, String> annotations) {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        alias.getMetadata().setAnnotations(annotations);
        return alias;
    }
}
