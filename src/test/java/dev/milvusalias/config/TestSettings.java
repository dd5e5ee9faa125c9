package dev.milvusalias.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@link OperatorSettings} from the real mapping (its defaults, Quarkus' duration syntax) for tests without Quarkus. */
public final class TestSettings {

    /** The test profile's milvus-alias.secret-cache-ttl (application.properties). */
    public static final Duration SECRET_CACHE_TTL = Duration.ofSeconds(1);

    private TestSettings() {
    }

    /** The defaults, with this resync interval, short Milvus timeouts and the test profile's Secret cache TTL. */
    public static OperatorSettings withResync(Duration resync) {
        return builder(resync).build().getConfigMapping(OperatorSettings.class);
    }

    /** As {@link #withResync}, with another Secret cache TTL. */
    public static OperatorSettings withResync(Duration resync, Duration secretCacheTtl) {
        return builder(resync).withDefaultValue("milvus-alias.secret-cache-ttl", secretCacheTtl.toMillis() + "ms")
                .build().getConfigMapping(OperatorSettings.class);
    }

    /** As {@link #withResync}, in namespaced mode: milvus-alias.cluster-connections.enabled=false. */
    public static OperatorSettings withoutClusterConnections(Duration resync) {
        return builder(resync).withDefaultValue("milvus-alias.cluster-connections.enabled", "false")
                .build().getConfigMapping(OperatorSettings.class);
    }

    private static SmallRyeConfigBuilder builder(Duration resync) {
        return new SmallRyeConfigBuilder().withMapping(OperatorSettings.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValue("milvus-alias.resync-interval", resync.toMillis() + "ms")
                .withDefaultValue("milvus-alias.connect-timeout", "2s")
                .withDefaultValue("milvus-alias.call-timeout", "2s")
                .withDefaultValue("milvus-alias.secret-cache-ttl", SECRET_CACHE_TTL.toMillis() + "ms");
    }
}
