package dev.milvusalias.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.milvusalias.api.Annotations;
import dev.milvusalias.api.MilvusAlias;

/**
 * The annotations of one MilvusAlias, read once per reconcile. A value that does not parse is kept
 * as a {@link #problem()} (reported as InvalidSpec) and the operator setting is used in its place.
 *
 * @param resyncInterval the milvus.io/resync-interval override, at least {@link #MIN_RESYNC}
 * @param deletionTimeout the milvus.io/deletion-timeout override
 * @param problem the first annotation that does not parse, with why
 */
record AliasAnnotations(boolean paused, Optional<Duration> resyncInterval, Optional<Duration> deletionTimeout,
        Optional<String> problem) {

    static final Duration MIN_RESYNC = Duration.ofSeconds(1);
    static final String PAUSED_MESSAGE = "reconciliation paused by annotation " + Annotations.PAUSED
            + "=true; Milvus is neither read nor written";

    static AliasAnnotations of(MilvusAlias resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        Map<String, String> all = annotations == null ? Map.of() : annotations;
        String[] problem = new String[1];
        Optional<Duration> resync = duration(all, Annotations.RESYNC_INTERVAL, problem)
                .map(d -> d.compareTo(MIN_RESYNC) < 0 ? MIN_RESYNC : d);
        Optional<Duration> deletionTimeout = duration(all, Annotations.DELETION_TIMEOUT, problem);
        return new AliasAnnotations("true".equalsIgnoreCase(all.get(Annotations.PAUSED)), resync, deletionTimeout,
                Optional.ofNullable(problem[0]));
    }

    /** How often to look at Milvus again: the annotation, else the operator setting. */
    Duration resyncOr(Duration setting) {
        return resyncInterval.orElse(setting);
    }

    /** How long a deletion may wait for Milvus: the annotation, else the operator setting (empty = forever). */
    Optional<Duration> deletionTimeoutOr(Optional<Duration> setting) {
        return deletionTimeout.isPresent() ? deletionTimeout : setting;
    }

    private static Optional<Duration> duration(Map<String, String> annotations, String key, String[] problem) {
        try {
            return Durations.parse(annotations.get(key));
        } catch (IllegalArgumentException e) {
            if (problem[0] == null) {
                problem[0] = "annotation " + key + ": " + e.getMessage();
            }
            return Optional.empty();
        }
    }
}
