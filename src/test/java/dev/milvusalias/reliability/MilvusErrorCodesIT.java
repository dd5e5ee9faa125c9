package dev.milvusalias.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.milvusalias.api.Annotations;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.config.TestSettings;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.OperatorHarness;
import io.grpc.Status;

/**
 * Every Milvus error the operator can meet, injected once on the call where it meets it: the Ready reason it maps to
 * (src/main/java/dev/milvusalias/reconcile/FailureReasons.java), and whether it is retried with backoff, as the
 * README's reconcile table says. A retried reason clears by itself once the fault is gone; so do Unauthenticated and
 * PermissionDenied, which a rotated Secret may fix and which are looked at again after the Secret cache TTL (1 s
 * here); any other waits, making no Milvus call, until something changes (here: a reconcile request). The resources
 * resync only hourly, so the only reconciles are the ones the fault, the TTL and the request cause.
 */
class MilvusErrorCodesIT {

    @RegisterExtension
    static final ReliabilityRecorder report = new ReliabilityRecorder("2. Milvus errors");

    private static final String NS = "codes";
    /** Twice the first retry interval (1 s): a retried reason would have called Milvus again by then. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    private static MilvusEmulator milvus;
    private static OperatorRig rig;
    private static OperatorHarness k8s;
    private static int serial;

    /** Which flow meets the fault. */
    enum Flow { CREATE, SWITCH, DELETE }

    /**
     * One row: the call that fails, how, and what the README's table says follows.
     *
     * @param code the Milvus code, or null for a gRPC error
     * @param grpc the gRPC status, or null for a Milvus code
     */
    record Case(Flow flow, String rpc, Integer code, Status.Code grpc, String reason, String expectedReason,
            boolean retried) {

        String fault() {
            return code != null ? code + " \"" + reason + "\"" : "gRPC " + grpc;
        }

        /** Refused credentials: looked at again after the Secret cache TTL, which re-reads the Secret. */
        boolean lookedAtAfterSecretTtl() {
            return expectedReason.equals("Unauthenticated") || expectedReason.equals("PermissionDenied");
        }

        String followUp() {
            if (retried) {
                return "retried with backoff until it clears";
            }
            return lookedAtAfterSecretTtl() ? "looked at again after the Secret cache TTL ("
                    + ReliabilityRecorder.seconds(TestSettings.SECRET_CACHE_TTL) + "), re-reading the Secret, until it clears"
                    : "not retried: waits for a change";
        }

        @Override
        public String toString() {
            return rpc + " " + (code != null ? String.valueOf(code) : grpc.name());
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                milvusCode(Flow.CREATE, "CreateAlias", 1601, "alias and collection name conflict[database=default][alias=A]",
                        "AliasNameTaken", false),
                milvusCode(Flow.CREATE, "CreateAlias", 1602,
                        "A is alias to another collection: other: alias already exist[database=default][alias=A]",
                        "AliasOwnedElsewhere", false),
                milvusCode(Flow.CREATE, "CreateAlias", 100, "collection not found[database=default][collection=v1]",
                        "CollectionNotFound", true),
                milvusCode(Flow.CREATE, "CreateAlias", 800, "database not found[database=default]", "DatabaseNotFound", true),
                milvusCode(Flow.CREATE, "CreateAlias", 1100, "Invalid collection alias: A.  the first character of a"
                        + " collection alias must be an underscore or letter: invalid parameter", "InvalidSpec", false),
                milvusCode(Flow.CREATE, "CreateAlias", 65535, "unexpected error", "UnexpectedError", true),
                grpc(Flow.CREATE, "CreateAlias", Status.Code.PERMISSION_DENIED, "PermissionDenied", false),
                grpc(Flow.CREATE, "DescribeAlias", Status.Code.UNAVAILABLE, "MilvusUnavailable", true),
                grpc(Flow.CREATE, "DescribeAlias", Status.Code.DEADLINE_EXCEEDED, "MilvusUnavailable", true),
                grpc(Flow.CREATE, "DescribeAlias", Status.Code.UNAUTHENTICATED, "Unauthenticated", false),
                grpc(Flow.CREATE, "DescribeAlias", Status.Code.UNIMPLEMENTED, "UnexpectedError", true),
                milvusCode(Flow.SWITCH, "AlterAlias", 1600, "alias not found[database=default][alias=A]", "UnexpectedError",
                        true),
                milvusCode(Flow.SWITCH, "AlterAlias", 100, "collection not found[collection=v2]", "CollectionNotFound", true),
                milvusCode(Flow.DELETE, "DropAlias", 65535, "unexpected error", "UnexpectedError", true),
                grpc(Flow.DELETE, "DropAlias", Status.Code.PERMISSION_DENIED, "PermissionDenied", false));
    }

    private static Case milvusCode(Flow flow, String rpc, int code, String reason, String expected, boolean retried) {
        return new Case(flow, rpc, code, null, reason, expected, retried);
    }

    private static Case grpc(Flow flow, String rpc, Status.Code code, String expected, boolean retried) {
        return new Case(flow, rpc, null, code, null, expected, retried);
    }

    @BeforeAll
    static void start() {
        milvus = MilvusEmulator.startWithLoaded("v1", "v2");
        rig = OperatorRig.start();
        k8s = rig.connected(NS, milvus);
    }

    @AfterAll
    static void stop() {
        rig.close();
        milvus.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsToItsReasonAndIsRetriedAsTheReadmeSays(Case row) throws InterruptedException {
        report.scenario(row.toString(), row.rpc() + " answers " + row.fault() + ", once, during a "
                        + row.flow().name().toLowerCase(java.util.Locale.ROOT),
                "Ready=False " + row.expectedReason() + ", " + row.followUp() + "; then " + (row.flow() == Flow.DELETE ? "released"
                        : "Bound") + ", with no write but the declared one");
        String name = "code-" + (++serial);
        String alias = "code_" + serial;
        Invariants invariants = Invariants.from(milvus).allow(alias, "v1", "v2");
        if (row.flow() != Flow.CREATE) {
            create(name, alias);
            k8s.awaitReady(name, "True", "Bound");
        }
        inject(row, alias);
        Instant injected = Instant.now();
        switch (row.flow()) {
            case CREATE -> create(name, alias);
            case SWITCH -> k8s.editAlias(name, spec -> spec.setCollectionName("v2"));
            case DELETE -> {
                k8s.delete(MilvusAlias.class, name);
                invariants.allowDrop(alias);
            }
        }

        await().atMost(OperatorHarness.TIMEOUT).until(() -> rig.readyReasons(NS, name).contains(row.expectedReason()));
        assertThat(milvus.calls()).as("the fault was consumed").anyMatch(c -> c.rpc().equals(row.rpc()));
        // The Warning event on entering the reason carries the condition's message.
        await().atMost(OperatorHarness.TIMEOUT).until(() -> k8s.eventReasons(name).contains(row.expectedReason()));
        String message = k8s.events(name).stream().filter(e -> row.expectedReason().equals(e.getReason()))
                .map(e -> e.getMessage()).findFirst().orElseThrow();
        assertThat(message).contains(row.rpc()).contains(row.code() != null
                ? row.reason().substring(0, Math.min(20, row.reason().length())) : row.grpc().name());
        Duration recovery;
        if (row.retried() || row.lookedAtAfterSecretTtl()) {
            awaitDone(row, name);
            recovery = Duration.between(injected, Instant.now());
            report.figure("cleared by itself after", recovery);
        } else {
            long callsBefore = invariants.callsFor(alias);
            Thread.sleep(QUIET.toMillis());
            assertThat(invariants.callsFor(alias)).as("no retry: no Milvus call for " + QUIET).isEqualTo(callsBefore);
            assertThat(OperatorHarness.ready(condition(name)).orElseThrow().getReason()).isEqualTo(row.expectedReason());
            Instant requested = Instant.now();
            k8s.annotate(name, Annotations.RECONCILE_REQUESTED_AT, requested.toString());
            awaitDone(row, name);
            report.figure("Milvus calls in the " + QUIET.toSeconds() + " s after", 0);
            report.figure("done after the reconcile request", Duration.between(requested, Instant.now()));
        }
        assertThat(milvus.aliasTarget("default", alias)).isEqualTo(switch (row.flow()) {
            case CREATE -> java.util.Optional.of("v1");
            case SWITCH -> java.util.Optional.of("v2");
            case DELETE -> java.util.Optional.empty();
        });
        Invariants.Verdict verdict = invariants.verify(rig.admin(), rig.logs());
        report.figure("Ready reasons", rig.readyReasons(NS, name));
        report.figure("message", message.length() > 90 ? message.substring(0, 90) + "..." : message);
        report.figure("Milvus calls", verdict.calls());
    }

    /** Each row starts with no MilvusAlias and no fault left over, whatever the previous row did. */
    @AfterEach
    void cleanUp() {
        milvus.clearFaults();
        rig.admin().resources(MilvusAlias.class).inNamespace(NS).delete();
        await().atMost(OperatorHarness.TIMEOUT)
                .until(() -> rig.admin().resources(MilvusAlias.class).inNamespace(NS).list().getItems().isEmpty());
    }

    private static void inject(Case row, String alias) {
        if (row.code() != null) {
            milvus.failNext(row.rpc(), row.code(), row.reason().replace("alias=A", "alias=" + alias)
                    .replace("alias: A.", "alias: " + alias + "."));
        } else {
            milvus.failNextGrpc(row.rpc(), row.grpc());
        }
    }

    private static void create(String name, String alias) {
        k8s.alias(name, "milvus", alias, "v1",
                a -> a.getMetadata().setAnnotations(Map.of(Annotations.RESYNC_INTERVAL, "1h")));
    }

    private static java.util.List<dev.milvusalias.api.Condition> condition(String name) {
        MilvusAlias alias = k8s.get(MilvusAlias.class, name);
        return alias == null || alias.getStatus() == null ? java.util.List.of() : alias.getStatus().getConditions();
    }

    private static void awaitDone(Case row, String name) {
        if (row.flow() == Flow.DELETE) {
            k8s.awaitGone(MilvusAlias.class, name);
        } else {
            MilvusAlias bound = k8s.awaitReady(name, "True", "Bound");
            assertThat(bound.getStatus().getCollectionName()).isEqualTo(row.flow() == Flow.SWITCH ? "v2" : "v1");
        }
    }
}
