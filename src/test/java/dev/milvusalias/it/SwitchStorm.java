package dev.milvusalias.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.milvusalias.api.Condition;
import dev.milvusalias.api.ConnectionReference;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasSpec;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.MilvusConnectionSpec;
import dev.milvusalias.api.PendingChange;
import dev.milvusalias.emulator.MilvusEmulator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * A switch storm with a kill in the middle: {@code size} MilvusAlias objects bound to {@value #FROM} are all switched
 * to {@value #TO} at once (a merge patch each, as {@code kubectl patch} sends), and the operator is killed once about
 * half of the AlterAlias calls reached Milvus. The AlterAlias calls received just before the kill are held by the
 * emulator for a while, so that some are in flight when the operator dies and land after it: their intent is in
 * status, their outcome never is. Afterwards {@link #assertConverged} checks what must hold whoever finishes the job.
 */
final class SwitchStorm {

    static final String FROM = "catalog_v1";
    static final String TO = "catalog_v2";
    static final String CONNECTION = "milvus";
    /** An alias no MilvusAlias manages: it must stay where it is. */
    static final String BYSTANDER = "bystander";
    /** The AlterAlias calls received in this window before the kill are held. */
    private static final int HELD_WINDOW = 10;

    private final KubernetesClient client;
    private final String namespace;
    private final MilvusEmulator milvus;
    private final int size;
    private Instant started;
    private CompletableFuture<Void> edits;

    /** What the kill left behind. */
    record AtKill(Instant at, long altersReceived, long held, int pending, int pendingTook, Set<String> alteredBefore) {

        /** These figures, in the scenario's report. */
        ScenarioReport addTo(ScenarioReport report) {
            return report.figure("AlterAlias when killed", altersReceived)
                    .figure("in flight at the kill (landed after it)", held)
                    .figure("pendingChange left", pending + " (" + pendingTook
                            + " took: finished by the next operator without a second write)");
        }
    }

    SwitchStorm(KubernetesClient client, String namespace, MilvusEmulator milvus, int size) {
        this.client = client;
        this.namespace = namespace;
        this.milvus = milvus;
        this.size = size;
    }

    static String name(int i) {
        return String.format(Locale.ROOT, "storm-%03d", i);
    }

    static String alias(int i) {
        return String.format(Locale.ROOT, "storm_%03d", i);
    }

    /**
     * The two collections (loaded), the {@value #BYSTANDER} alias on {@value #FROM}, the MilvusConnection, and the
     * aliases, bound to {@value #FROM}.
     */
    void declare() {
        for (String collection : List.of(FROM, TO)) {
            milvus.createCollection(MilvusEmulator.DEFAULT_DATABASE, collection);
            milvus.load(MilvusEmulator.DEFAULT_DATABASE, collection);
        }
        milvus.putAlias(MilvusEmulator.DEFAULT_DATABASE, BYSTANDER, FROM);
        MilvusConnection connection = new MilvusConnection();
        connection.setMetadata(new ObjectMetaBuilder().withName(CONNECTION).withNamespace(namespace).build());
        MilvusConnectionSpec connectionSpec = new MilvusConnectionSpec();
        connectionSpec.setUri(milvus.uri());
        connection.setSpec(connectionSpec);
        client.resource(connection).create();
        for (int i = 0; i < size; i++) {
            MilvusAlias resource = new MilvusAlias();
            resource.setMetadata(new ObjectMetaBuilder().withName(name(i)).withNamespace(namespace).build());
            MilvusAliasSpec spec = new MilvusAliasSpec();
            spec.setConnectionRef(new ConnectionReference(CONNECTION));
            spec.setAlias(alias(i));
            spec.setCollectionName(FROM);
            resource.setSpec(spec);
            client.resource(resource).create();
        }
    }

    /** Waits until every alias is Ready/Bound at {@code collection} for its current generation. */
    void awaitBound(String collection, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> resources().stream().filter(r -> bound(r, collection)).count() == size);
    }

    /** Clears the call log, then switches every alias to {@value #TO}, from a thread of its own. */
    void start() {
        milvus.clearCalls();
        started = Instant.now();
        edits = CompletableFuture.runAsync(() -> IntStream.range(0, size).forEach(i -> client
                .resources(MilvusAlias.class).inNamespace(namespace).withName(name(i))
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"collectionName\":\"" + TO + "\"}}")));
    }

    Instant started() {
        return started;
    }

    /** Waits until every spec change was sent. */
    void awaitEditsSent(Duration timeout) throws Exception {
        edits.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for {@code killAt} AlterAlias calls (the last {@value #HELD_WINDOW} of them, at least one, take
     * {@code hold} to apply), then runs {@code kill}; then waits until the held calls landed and reads what the kill
     * left.
     */
    AtKill killMidway(long killAt, Duration hold, Runnable kill, Duration timeout) {
        awaitAlters(killAt - HELD_WINDOW, timeout);
        milvus.setDelay("AlterAlias", hold);
        long holdingFrom = milvus.count("AlterAlias");
        awaitAlters(Math.max(killAt, holdingFrom + 1), timeout);
        kill.run();
        Instant at = Instant.now();
        long received = milvus.count("AlterAlias");
        milvus.setDelay("AlterAlias", Duration.ZERO);

        Set<String> altered = alteredAliases();
        // The held calls take effect after the operator died, as a call already sent does.
        await().atMost(hold.plusSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> altered.stream()
                .allMatch(a -> milvus.aliasTarget(MilvusEmulator.DEFAULT_DATABASE, a).equals(Optional.of(TO))));
        List<PendingChange> pending = resources().stream().map(MilvusAlias::getStatus)
                .filter(s -> s != null && s.getPendingChange() != null).map(MilvusAliasStatus::getPendingChange)
                .toList();
        int took = (int) pending.stream().filter(p -> milvus.aliasTarget(MilvusEmulator.DEFAULT_DATABASE, p.getAlias())
                .equals(Optional.ofNullable(p.getTo()))).count();
        return new AtKill(at, received, received - holdingFrom, pending.size(), took, altered);
    }

    private void awaitAlters(long count, Duration timeout) {
        await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> milvus.count("AlterAlias") >= count);
    }

    /** Aliases an AlterAlias was received for, since {@link #start}. */
    private Set<String> alteredAliases() {
        return milvus.calls().stream().filter(c -> c.rpc().equals("AlterAlias")).map(c -> c.fields().get("alias"))
                .collect(Collectors.toSet());
    }

    /** Waits until every alias is Bound at {@value #TO}, with nothing pending and its Switched event. */
    void awaitConverged(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(notConverged()).as("aliases not done").isEmpty());
    }

    private static String describe(MilvusAliasStatus status) {
        return status == null ? "no status" : "at " + status.getCollectionName() + ", Ready "
                + OperatorHarness.ready(status.getConditions()).map(Condition::getReason).orElse("-");
    }

    /** Each alias not done yet, with what it lacks. */
    private List<String> notConverged() {
        Set<String> switched = switchedEvents().keySet();
        return resources().stream().map(r -> {
            String name = r.getMetadata().getName();
            if (!bound(r, TO)) {
                return name + ": not Bound at " + TO + " (" + describe(r.getStatus()) + ")";
            }
            if (r.getStatus().getPendingChange() != null) {
                PendingChange pending = r.getStatus().getPendingChange();
                return name + ": pending " + pending.getOperation() + " to " + pending.getTo();
            }
            return switched.contains(name) ? null : name + ": no Switched event";
        }).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * What must hold after the storm: every alias at {@value #TO} in Milvus, {@value #BYSTANDER} untouched; exactly
     * one AlterAlias per alias since the storm began, each to {@value #TO}, and no other write; each resource with one
     * Switched event, {@value #FROM} as previous collection,
     * a lastSwitchTime within the storm (and before the kill for those whose AlterAlias reached Milvus before it),
     * and no pending change.
     */
    void assertConverged(AtKill kill, Instant end) {
        for (int i = 0; i < size; i++) {
            assertThat(milvus.aliasTarget(MilvusEmulator.DEFAULT_DATABASE, alias(i))).as(alias(i)).contains(TO);
        }
        assertThat(milvus.aliasTarget(MilvusEmulator.DEFAULT_DATABASE, BYSTANDER)).as(BYSTANDER).contains(FROM);
        List<MilvusEmulator.Call> alters = milvus.calls().stream().filter(c -> c.rpc().equals("AlterAlias")).toList();
        assertThat(alters).as("AlterAlias targets").allMatch(c -> TO.equals(c.fields().get("collection")));
        Map<String, Long> altersPerAlias = alters.stream()
                .collect(Collectors.groupingBy(c -> c.fields().get("alias"), Collectors.counting()));
        assertThat(altersPerAlias).as("AlterAlias calls per alias").hasSize(size)
                .allSatisfy((alias, count) -> assertThat(count).as("AlterAlias calls for " + alias).isEqualTo(1));
        assertThat(rpcCounts()).as("no write but AlterAlias").doesNotContainKeys("DropAlias", "CreateAlias");

        Map<String, Long> switched = switchedEvents();
        Instant first = started.truncatedTo(ChronoUnit.SECONDS);
        Instant beforeKill = kill.at().truncatedTo(ChronoUnit.SECONDS);
        for (MilvusAlias resource : resources()) {
            String name = resource.getMetadata().getName();
            MilvusAliasStatus status = resource.getStatus();
            assertThat(bound(resource, TO)).as(name + " Bound at " + TO + ": " + describe(status)).isTrue();
            assertThat(status.getPendingChange()).as(name + " pendingChange").isNull();
            assertThat(status.getPreviousCollectionName()).as(name + " previousCollectionName").isEqualTo(FROM);
            assertThat(switched.get(name)).as(name + " Switched events").isEqualTo(1L);
            Instant switchedAt = Instant.parse(status.getLastSwitchTime());
            assertThat(switchedAt).as(name + " lastSwitchTime").isBetween(first, end);
            if (kill.alteredBefore().contains(resource.getSpec().getAlias())) {
                assertThat(switchedAt).as(name + " lastSwitchTime: its AlterAlias reached Milvus before the kill")
                        .isBeforeOrEqualTo(beforeKill);
            }
        }
    }

    /** Milvus calls since {@link #start}, by RPC. */
    Map<String, Long> rpcCounts() {
        return countBy(milvus.calls(), MilvusEmulator.Call::rpc);
    }

    /** Switched events by resource name. */
    Map<String, Long> switchedEvents() {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "Switched".equals(e.getReason()) && (FROM + " -> " + TO).equals(e.getMessage()))
                .collect(Collectors.groupingBy(e -> e.getInvolvedObject().getName(), Collectors.counting()));
    }

    private List<MilvusAlias> resources() {
        return client.resources(MilvusAlias.class).inNamespace(namespace).list().getItems();
    }

    private static boolean bound(MilvusAlias resource, String collection) {
        MilvusAliasStatus status = resource.getStatus();
        if (status == null || !collection.equals(status.getCollectionName())
                || !collection.equals(resource.getSpec().getCollectionName())
                || !resource.getMetadata().getGeneration().equals(status.getObservedGeneration())) {
            return false;
        }
        Optional<Condition> ready = OperatorHarness.ready(status.getConditions());
        return ready.filter(c -> "True".equals(c.getStatus()) && "Bound".equals(c.getReason())).isPresent();
    }

    /** The RPC counts as one figure: "AlterAlias 200, DescribeAlias 412, ...". */
    static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    static <T> Map<String, Long> countBy(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }
}
