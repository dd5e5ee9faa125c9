package dev.milvusalias.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.milvusalias.api.AdoptionPolicy;
import dev.milvusalias.api.Annotations;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.crd.CrdValidation;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.OperatorHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/**
 * Bad input, each kind once: what a real API server answers (from the committed CRDs' OpenAPI and CEL rules, which
 * the mock server does not apply), and what the operator reports when the object reaches it anyway (the mock server
 * stores anything, like an API server with an older CRD or a restored backup): a Ready=False reason with a message
 * naming the problem, and no Milvus write.
 */
class BadInputIT {

    @RegisterExtension
    static final ReliabilityRecorder report = new ReliabilityRecorder("5. Bad input");

    private static final String NS = "bad";
    private static final String OTHER_NS = "bad-other";
    private static final CrdValidation ALIAS_CRD = CrdValidation.of(Path.of("crds/milvusaliases.milvus.io.yaml"));
    private static final CrdValidation CONNECTION_CRD = CrdValidation.of(Path.of("crds/milvusconnections.milvus.io.yaml"));

    /** What a MilvusConnection alone calls: logging in and asking the version. */
    private static final java.util.Set<String> CONNECTION_RPCS = java.util.Set.of("Connect", "GetVersion", "ListDatabases");

    /** Reasons found from the spec and the cluster alone, before any Milvus call. */
    private static final java.util.Set<String> BEFORE_ANY_CALL = java.util.Set.of("InvalidSpec", "ConnectionNotFound",
            "SecretNotFound");

    private static MilvusEmulator milvus;
    /** The Milvus of the other namespace's connection, which nothing in {@link #NS} may reach. */
    private static MilvusEmulator otherMilvus;
    private static OperatorRig rig;
    private static OperatorHarness k8s;
    private static int serial;

    /** Creates the objects of one row; {@code name} is the MilvusAlias to create. */
    interface Fixture {
        void create(String name);
    }

    /**
     * One kind of bad input.
     *
     * @param api what the API server answers: part of its message, or null when it stores the object
     * @param reason the Ready reason the operator reports
     * @param message part of the condition's message
     */
    record Bad(String title, String input, Fixture fixture, String api, String reason, String message) {
        @Override
        public String toString() {
            return title;
        }
    }

    static Stream<Bad> inputs() {
        String longName = "a".repeat(256);
        return Stream.of(
                aliasNamed("alias invalid", "products-v2", "should match", "spec.alias 'products-v2' is not a valid"),
                aliasNamed("alias non-ASCII", "produits_\u00e9t\u00e9", "should match", "is not a valid Milvus name"),
                aliasNamed("alias of 256 characters", longName, "may not be longer than 255", "at most 255 characters"),
                aliasNamed("alias empty", "", "should be at least 1 chars long", "spec.alias '' is not a valid"),
                aliasNamed("alias with spaces", "my alias", "should match", "spec.alias 'my alias' is not a valid"),
                new Bad("collection invalid", "spec.collectionName: products.v2",
                        name -> alias(name, "milvus", "bad_c", "products.v2", null), "should match",
                        "InvalidSpec", "spec.collectionName 'products.v2' is not a valid Milvus name"),
                new Bad("collection of 256 characters", "spec.collectionName: 256 x 'a'",
                        name -> alias(name, "milvus", "bad_c", longName, null), "may not be longer than 255",
                        "InvalidSpec", "spec.collectionName"),
                new Bad("database empty", "spec.database: \"\"", name -> alias(name, "milvus", "bad_d", "v1", ""),
                        "should match", "InvalidSpec", "spec.database '' is not a valid Milvus name"),
                new Bad("database non-ASCII", "spec.database: donn\u00e9es",
                        name -> alias(name, "milvus", "bad_d", "v1", "donn\u00e9es"), "should match", "InvalidSpec",
                        "spec.database"),
                new Bad("alias equal to collection", "spec.alias = spec.collectionName = v1",
                        name -> alias(name, "milvus", "v1", "v1", null), "alias and collectionName must differ",
                        "InvalidSpec", "must differ"),
                new Bad("connectionRef missing", "no spec.connectionRef", name -> alias(name, null, "bad_r", "v1", null),
                        "spec.connectionRef: Required value", "InvalidSpec", "spec.connectionRef.name is required"),
                new Bad("connectionRef to another namespace by name", "spec.connectionRef.name: " + OTHER_NS + "/theirs",
                        name -> alias(name, OTHER_NS + "/theirs", "bad_r", "v1", null), "should match",
                        "ConnectionNotFound", "MilvusConnection " + OTHER_NS + "/theirs not found in namespace " + NS),
                new Bad("connectionRef to another namespace by field", "spec.connectionRef: {name: theirs, namespace: "
                        + OTHER_NS + "} (a field the CRD does not have)", BadInputIT::aliasWithNamespacedRef, null,
                        "ConnectionNotFound", "MilvusConnection theirs not found in namespace " + NS),
                new Bad("connection missing", "spec.connectionRef.name: absent",
                        name -> alias(name, "absent", "bad_r", "v1", null), null, "ConnectionNotFound",
                        "MilvusConnection absent not found in namespace " + NS),
                new Bad("Secret missing", "credentialsSecretRef names a Secret that does not exist",
                        name -> withSecret(name, null), null, "SecretNotFound", "not found in namespace " + NS),
                new Bad("Secret without a credential key", "the Secret has only the key 'user'",
                        name -> withSecret(name, Map.of("user", "svc")), null, "SecretNotFound",
                        "has neither key 'token' nor keys 'username' and 'password'"),
                new Bad("Secret with an empty token", "token: \"\"", name -> withSecret(name, Map.of("token", "")), null,
                        "SecretNotFound", "has an empty 'token'"),
                new Bad("Secret with a whitespace token", "token: \"  \\n\"",
                        name -> withSecret(name, Map.of("token", "  \n")), null, "SecretNotFound", "has an empty 'token'"),
                new Bad("collection missing", "spec.collectionName: nope (no such collection)",
                        name -> alias(name, "milvus", "bad_m", "nope", null), null, "CollectionNotFound",
                        "collection nope"),
                new Bad("database missing", "spec.database: nodb (no such database)",
                        name -> alias(name, "milvus", "bad_m", "v1", "nodb"), null, "DatabaseNotFound", "nodb"),
                annotated("annotation of 100 KB", Annotations.RESYNC_INTERVAL, "9".repeat(100_000) + "s",
                        "100001 characters"),
                annotated("annotation overflowing a duration", Annotations.RESYNC_INTERVAL, "99999999999999999999h",
                        "longer than the maximum of 8760h"),
                annotated("negative deletion timeout", Annotations.DELETION_TIMEOUT, "PT-5M", "is negative"),
                uri("uri without scheme", "127.0.0.1:19530", "should match", "needs spec.uri as http://host:port"),
                uri("uri with a path", "http://127.0.0.1:19530/milvus", "should match", "needs spec.uri"),
                uri("uri with a port out of range", "http://127.0.0.1:99999", null, "port 99999 of spec.uri is not between"),
                uri("uri with a port that is no number", "http://127.0.0.1:port", "should match", "needs spec.uri"));
    }

    private static Bad aliasNamed(String title, String alias, String api, String message) {
        return new Bad(title, "spec.alias: " + (alias.length() > 20 ? alias.length() + " characters" : "\"" + alias + "\""),
                name -> alias(name, "milvus", alias, "v1", null), api, "InvalidSpec", message);
    }

    private static Bad annotated(String title, String annotation, String value, String message) {
        return new Bad(title, annotation + ": " + (value.length() > 30 ? value.length() + " characters" : value),
                name -> k8s.alias(name, "milvus", "bad_n" + serial, "v1",
                        a -> a.getMetadata().setAnnotations(Map.of(annotation, value))), null, "InvalidSpec", message);
    }

    private static Bad uri(String title, String uri, String api, String message) {
        return new Bad(title, "MilvusConnection spec.uri: " + uri, name -> {
            k8s.connection("conn-" + name, uri, null);
            alias(name, "conn-" + name, "bad_u", "v1", null);
        }, api, "InvalidSpec", message);
    }

    @BeforeAll
    static void start() {
        milvus = MilvusEmulator.startWithLoaded("v1", "v2");
        otherMilvus = MilvusEmulator.startWithLoaded("v1");
        rig = OperatorRig.start();
        k8s = rig.connected(NS, milvus);
        rig.harness(OTHER_NS).connection("theirs", otherMilvus.uri(), null);
    }

    @AfterAll
    static void stop() {
        rig.close();
        milvus.close();
        otherMilvus.close();
    }

    @AfterEach
    void cleanUp() {
        rig.admin().resources(MilvusAlias.class).inNamespace(NS).delete();
        await().atMost(OperatorHarness.TIMEOUT)
                .until(() -> rig.admin().resources(MilvusAlias.class).inNamespace(NS).list().getItems().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void isRefusedOrReportedWithoutAnyMilvusWrite(Bad bad) {
        String name = "bad-" + (++serial);
        report.scenario(bad.title(), bad.input(), (bad.api() != null ? "API server refuses it; " : "")
                + "bypassing validation: Ready=False " + bad.reason() + " naming the problem; no Milvus write");
        Invariants invariants = Invariants.from(milvus);
        Invariants elsewhere = Invariants.from(otherMilvus);

        bad.fixture().create(name);

        ApiAnswer api = apiAnswer(name);
        if (bad.api() == null) {
            assertThat(api.refusals()).as("a real API server stores it").isEmpty();
        } else {
            assertThat(api.refusals()).as("a real API server refuses it").anyMatch(m -> m.contains(bad.api()));
        }
        MilvusAlias reported = k8s.awaitReady(name, "False", bad.reason());
        String message = OperatorHarness.ready(reported.getStatus().getConditions()).orElseThrow().getMessage();
        assertThat(message).contains(bad.message()).hasSizeLessThan(1_000);
        Invariants.Verdict verdict = invariants.verify(rig.admin(), rig.logs());
        assertThat(verdict.writes()).isZero();
        long callsForAlias = invariants.callsFor(reported.getSpec().getAlias());
        if (BEFORE_ANY_CALL.contains(bad.reason())) {
            assertThat(callsForAlias).as("found wrong before any Milvus call").isZero();
        }
        assertThat(elsewhere.calls()).as("the other namespace's Milvus: only its own connection's calls")
                .allMatch(c -> CONNECTION_RPCS.contains(c.rpc()));
        elsewhere.verify(rig.admin(), rig.logs());
        report.figure("API server", api);
        report.figure("operator", bad.reason() + ": " + (message.length() > 120 ? message.substring(0, 120) + "..." : message));
        report.figure("Milvus calls for the alias", callsForAlias + ", writes 0");
    }

    @Test
    void restoredWithoutStatusOverAMatchingAliasIsAdoptedWithoutAWrite() {
        report.scenario("restored without status, alias matching", "a MilvusAlias re-created without its status (a"
                + " backup restore) while its alias exists in Milvus pointing at spec.collectionName",
                "adopted (IfMatching): Ready=True Bound, status.adopted, no Milvus write");

        MilvusAlias adopted = restored("restored-same", "restored_same", "v1", "True", "Bound");

        assertThat(adopted.getStatus().getAdopted()).isTrue();
        k8s.awaitEvent("restored-same", "Adopted");
    }

    @Test
    void restoredWithoutStatusOverAMovedAliasIsRefusedWithoutAWrite() {
        report.scenario("restored without status, alias moved", "a MilvusAlias re-created without its status while"
                + " its alias exists in Milvus pointing at another collection",
                "Ready=False AliasOwnedElsewhere naming the current target; no Milvus write");

        MilvusAlias refused = restored("restored-moved", "restored_moved", "v2", "False", "AliasOwnedElsewhere");

        assertThat(OperatorHarness.ready(refused.getStatus().getConditions()).orElseThrow().getMessage()).contains("v1");
        assertThat(milvus.aliasTarget("default", "restored_moved")).contains("v1");
    }

    @Test
    void aForgedStatusDoesNotMakeADeleteDropSomeoneElsesAlias() {
        report.scenario("forged status, then delete", "another team's alias points at v1; a user with rights on the"
                + " status subresource writes status.alias/collectionName claiming it on a MilvusAlias that adoption:"
                + " Never refused, then deletes it (deletionPolicy: Delete)",
                "Warning StatusNotTrusted, the claim removed, the finalizer released, no DropAlias: the alias still"
                + " points at v1");
        milvus.putAlias("default", "forged_drop", "v1");
        Invariants invariants = Invariants.from(milvus);
        k8s.alias("forged-drop", "milvus", "forged_drop", "v1", a -> a.getSpec().setAdoption(AdoptionPolicy.Never));
        k8s.awaitReady("forged-drop", "False", "AliasOwnedElsewhere");

        forgeBinding("forged-drop", "forged_drop", "v1");
        k8s.delete(MilvusAlias.class, "forged-drop");
        k8s.awaitGone(MilvusAlias.class, "forged-drop");

        k8s.awaitEvent("forged-drop", "StatusNotTrusted");
        assertThat(milvus.aliasTarget("default", "forged_drop")).contains("v1");
        assertThat(invariants.verify(rig.admin(), rig.logs()).writes()).isZero();
        report.figure("operator", "released with Warning StatusNotTrusted; alias forged_drop still -> "
                + milvus.aliasTarget("default", "forged_drop").orElse("(gone)"));
        report.figure("Milvus calls for the alias", invariants.callsFor("forged_drop") + ", writes 0");
    }

    @Test
    void aForgedStatusDoesNotTakeOverSomeoneElsesAlias() {
        report.scenario("forged status, then a switch", "another team's alias points at v1; a MilvusAlias declaring v2"
                + " was refused (AliasOwnedElsewhere); a user writes status.alias/collectionName claiming the alias"
                + " at v1, as if this resource had bound it", "Warning StatusNotTrusted, the claim removed from status,"
                + " still AliasOwnedElsewhere: no AlterAlias, the alias still points at v1");
        milvus.putAlias("default", "forged_switch", "v1");
        Invariants invariants = Invariants.from(milvus);
        k8s.alias("forged-switch", "milvus", "forged_switch", "v2");
        k8s.awaitReady("forged-switch", "False", "AliasOwnedElsewhere");

        forgeBinding("forged-switch", "forged_switch", "v1");
        k8s.awaitEvent("forged-switch", "StatusNotTrusted"); // at the next resync

        await().atMost(OperatorHarness.TIMEOUT).untilAsserted(() -> assertThat(k8s.get(MilvusAlias.class,
                "forged-switch").getStatus().getAlias()).as("the forged claim is removed").isNull());
        MilvusAlias refused = k8s.awaitReady("forged-switch", "False", "AliasOwnedElsewhere");
        assertThat(milvus.aliasTarget("default", "forged_switch")).contains("v1");
        assertThat(invariants.verify(rig.admin(), rig.logs()).writes()).isZero();
        report.figure("operator", "StatusNotTrusted, then " + OperatorHarness.ready(refused.getStatus().getConditions())
                .orElseThrow().getReason() + "; alias forged_switch still -> v1");
        report.figure("Milvus calls for the alias", invariants.callsFor("forged_switch") + ", writes 0");
    }

    /** What a user with rights on the status subresource can write: a binding the operator never recorded. */
    private static void forgeBinding(String name, String alias, String collection) {
        rig.admin().resources(MilvusAlias.class).inNamespace(NS).withName(name).editStatus(a -> {
            a.getStatus().setAlias(alias);
            a.getStatus().setDatabase("default");
            a.getStatus().setCollectionName(collection);
            return a;
        });
    }

    /** A MilvusAlias declaring {@code declared}, created (without status) over an alias pointing at v1. */
    private static MilvusAlias restored(String name, String alias, String declared, String status, String reason) {
        milvus.putAlias("default", alias, "v1");
        Invariants invariants = Invariants.from(milvus);

        alias(name, "milvus", alias, declared, null);

        MilvusAlias reported = k8s.awaitReady(name, status, reason);
        assertThat(invariants.verify(rig.admin(), rig.logs()).writes()).isZero();
        report.figure("operator", reason + ": " + OperatorHarness.ready(reported.getStatus().getConditions()).orElseThrow()
                .getMessage());
        report.figure("Milvus calls for the alias", invariants.callsFor(alias) + ", writes 0");
        return reported;
    }

    /** What a real API server does with an object: the refusals (none: it stores it) and the fields it drops. */
    record ApiAnswer(List<String> refusals, List<String> pruned) {
        @Override
        public String toString() {
            return refusals.isEmpty() ? "stores it" + (pruned.isEmpty() ? "" : ", dropping " + pruned)
                    : String.join("; ", refusals);
        }
    }

    /** The API server's answer to the MilvusAlias as created and, for its own connection, to that one. */
    @SuppressWarnings("unchecked")
    private static ApiAnswer apiAnswer(String name) {
        GenericKubernetesResource alias = rig.admin().genericKubernetesResources("milvus.io/v1alpha1", "MilvusAlias")
                .inNamespace(NS).withName(name).get();
        Map<String, Object> spec = (Map<String, Object>) alias.getAdditionalProperties().get("spec");
        List<String> refusals = new ArrayList<>(ALIAS_CRD.violations(null, spec));
        if (spec.get("connectionRef") instanceof Map<?, ?> ref && ref.get("name") instanceof String connection
                && !connection.contains("/")) {
            MilvusConnection stored = k8s.get(MilvusConnection.class, connection);
            if (stored != null) {
                refusals.addAll(CONNECTION_CRD.violations(null, rig.admin().getKubernetesSerialization()
                        .convertValue(stored.getSpec(), Map.class)));
            }
        }
        return new ApiAnswer(refusals, ALIAS_CRD.pruned(spec));
    }

    private static void alias(String name, String connection, String alias, String collection, String database) {
        k8s.alias(name, connection == null ? "placeholder" : connection, alias, collection, a -> {
            a.getSpec().setDatabase(database);
            if (connection == null) {
                a.getSpec().setConnectionRef(null);
            }
        });
    }

    /** A MilvusAlias whose connectionRef carries a namespace, as a user might try; the CRD has no such field. */
    private static void aliasWithNamespacedRef(String name) {
        Map<String, Object> spec = new HashMap<>();
        spec.put("connectionRef", Map.of("name", "theirs", "namespace", OTHER_NS));
        spec.put("alias", "bad_x");
        spec.put("collectionName", "v1");
        rig.admin().genericKubernetesResources("milvus.io/v1alpha1", "MilvusAlias").inNamespace(NS)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("milvus.io/v1alpha1").withKind("MilvusAlias")
                        .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                        .addToAdditionalProperties("spec", spec).build())
                .create();
    }

    /** A connection with a Secret (absent when {@code values} is null) and a MilvusAlias using it. */
    private static void withSecret(String name, Map<String, String> values) {
        if (values != null) {
            rig.admin().resource(new SecretBuilder().withNewMetadata().withName("secret-" + name).withNamespace(NS)
                    .endMetadata().withStringData(values).build()).create();
        }
        k8s.connection("conn-" + name, milvus.uri(), "secret-" + name);
        alias(name, "conn-" + name, "bad_s", "v1", null);
    }
}
