package dev.milvusalias.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import dev.milvusalias.health.Leadership;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class LeaderElectionFactoryTest {

    private static final UnaryOperator<String> NO_ENV = name -> null;
    private static final Runnable FAIL_ON_EXIT = () -> {
        throw new AssertionError("exit");
    };

    @Test
    void offByDefault() {
        LeaderElectionSettings settings = settings(Map.of());

        assertThat(settings.enabled()).isFalse();
        assertThat(LeaderElectionFactory.create(settings, NO_ENV, new Leadership(false, "x", FAIL_ON_EXIT).callbacks())).isEmpty();
    }

    @Test
    void enabledWithDefaultsTakesNamespaceAndIdentityFromThePod() {
        Map<String, String> env = Map.of("POD_NAMESPACE", "milvus-alias-system", "POD_NAME", "operator-7d9f-abcde",
                "HOSTNAME", "ignored");

        LeaderElectionConfiguration config = LeaderElectionFactory.create(
                settings(Map.of("milvus-alias.leader-election.enabled", "true")), env::get,
                new Leadership(true, "operator-7d9f-abcde", FAIL_ON_EXIT).callbacks()).orElseThrow();

        assertThat(config.getLeaseName()).isEqualTo("milvus-alias-operator");
        assertThat(config.getLeaseNamespace()).contains("milvus-alias-system");
        assertThat(config.getIdentity()).contains("operator-7d9f-abcde");
        assertThat(config.getLeaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.getRenewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.getRetryPeriod()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.getLeaderCallbacks()).isPresent();
        // The SDK's exit would also fire on a graceful stop and block the shutdown; Leadership exits instead.
        assertThat(config.isExitOnStopLeading()).isFalse();
    }

    @Test
    void settingsWinOverTheEnvironment() {
        LeaderElectionSettings settings = settings(Map.of(
                "milvus-alias.leader-election.enabled", "true",
                "milvus-alias.leader-election.lease-name", "aliases-team-a",
                "milvus-alias.leader-election.lease-namespace", "ops",
                "milvus-alias.leader-election.identity", "replica-1",
                "milvus-alias.leader-election.lease-duration", "30s",
                "milvus-alias.leader-election.renew-deadline", "20s",
                "milvus-alias.leader-election.retry-period", "500ms"));
        Map<String, String> env = Map.of("POD_NAMESPACE", "elsewhere", "POD_NAME", "pod");

        LeaderElectionConfiguration config = LeaderElectionFactory.create(settings, env::get, null).orElseThrow();

        assertThat(config.getLeaseName()).isEqualTo("aliases-team-a");
        assertThat(config.getLeaseNamespace()).contains("ops");
        assertThat(config.getIdentity()).contains("replica-1");
        assertThat(config.getLeaseDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.getRenewDeadline()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.getRetryPeriod()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void withoutPodVariablesTheNamespaceIsLeftToTheClientAndTheIdentityIsTheHost() {
        LeaderElectionSettings settings = settings(Map.of("milvus-alias.leader-election.enabled", "true"));

        assertThat(LeaderElectionFactory.leaseNamespace(settings, NO_ENV)).isEmpty();
        assertThat(LeaderElectionFactory.identity(settings, Map.of("HOSTNAME", "host-1")::get)).isEqualTo("host-1");
        assertThat(LeaderElectionFactory.identity(settings, NO_ENV)).isNotBlank();
        assertThat(LeaderElectionFactory.identity(settings, Map.of("POD_NAME", " ", "HOSTNAME", "host-2")::get))
                .as("blank values are ignored").isEqualTo("host-2");
    }

    @Test
    void aLeaderMustGiveUpBeforeAStandbyMayTakeOver() {
        for (Map<String, String> bad : List.of(
                Map.of("milvus-alias.leader-election.renew-deadline", "15s"),
                Map.of("milvus-alias.leader-election.lease-duration", "5s"),
                Map.of("milvus-alias.leader-election.retry-period", "10s"))) {
            Map<String, String> properties = new HashMap<>(bad);
            properties.put("milvus-alias.leader-election.enabled", "true");
            assertThatThrownBy(() -> LeaderElectionFactory.create(settings(properties), NO_ENV, null))
                    .as("%s", bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("retry-period").hasMessageContaining("lease-duration");
        }
    }

    @Test
    void aLeaderThatLosesTheLeaseExitsUnlessShuttingDown() {
        AtomicInteger exits = new AtomicInteger();
        Leadership lost = new Leadership(true, "replica-a", exits::incrementAndGet);
        lost.callbacks().onStartLeading();
        lost.callbacks().onStopLeading();
        assertThat(exits).hasValue(1);
        assertThat(lost.role()).isEqualTo(Leadership.Role.standby);

        Leadership stopping = new Leadership(true, "replica-b", exits::incrementAndGet);
        stopping.callbacks().onStartLeading();
        stopping.shuttingDown();
        stopping.callbacks().onStopLeading();
        assertThat(exits).as("a graceful stop is no lost lease").hasValue(1);
    }

    @Test
    void leadershipFollowsTheCallbacks() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Leadership single = new Leadership(false, "solo", FAIL_ON_EXIT);
        Leadership replica = new Leadership(true, "replica-b", () -> { });
        single.bindTo(registry);
        assertThat(single.role()).isEqualTo(Leadership.Role.single);
        assertThat(registry.get(Leadership.GAUGE).gauge().value()).isEqualTo(1.0);

        SimpleMeterRegistry replicaRegistry = new SimpleMeterRegistry();
        replica.bindTo(replicaRegistry);
        var callbacks = replica.callbacks();
        assertThat(replica.role()).isEqualTo(Leadership.Role.standby);
        assertThat(replicaRegistry.get(Leadership.GAUGE).gauge().value()).isZero();

        callbacks.onNewLeader("replica-a");
        assertThat(replica.currentLeader()).isEqualTo("replica-a");
        assertThat(replica.role()).isEqualTo(Leadership.Role.standby);

        callbacks.onNewLeader("replica-b");
        callbacks.onStartLeading();
        assertThat(replica.role()).isEqualTo(Leadership.Role.leader);
        assertThat(replica.reconciles()).isTrue();
        assertThat(replicaRegistry.get(Leadership.GAUGE).gauge().value()).isEqualTo(1.0);

        callbacks.onStopLeading();
        assertThat(replica.role()).isEqualTo(Leadership.Role.standby);
        assertThat(replicaRegistry.get(Leadership.GAUGE).gauge().value()).isZero();
    }

    /** The real mapping, read from these properties with Quarkus' duration syntax. */
    static LeaderElectionSettings settings(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(LeaderElectionSettings.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(LeaderElectionSettings.class);
    }
}
