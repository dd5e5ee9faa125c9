package dev.milvusalias.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.OperatorHarness;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;

/**
 * Secrets read on demand: the operator GETs each Secret a connection names, keeps it for the Secret cache TTL (10 s
 * here, so that "after the TTL" and "at once" differ clearly), and never lists or watches Secrets. A rotation
 * applies within the TTL, or at once when Milvus refuses the old credentials; a Secret created late is found within
 * the TTL; a GET the API server forbids is reported, not a crash. Every scenario also checks the API server's request
 * log: not one LIST or WATCH of secrets.
 */
class SecretReadsIT {

    @RegisterExtension
    static final ReliabilityRecorder report = new ReliabilityRecorder("7. Secrets read on demand");

    private static final Duration TTL = Duration.ofSeconds(10);
    /** Time for what follows a due read: the next resync (2 s), a reconcile and its status write. */
    private static final Duration SLACK = OperatorRig.RESYNC.plusSeconds(3);

    private static MilvusEmulator milvus;
    private static OperatorRig rig;

    @BeforeAll
    static void start() {
        milvus = MilvusEmulator.builder().user("svc_a", "pass-a").user("svc_b", "pass-b").user("svc_c", "pass-c")
                .user("svc_d", "pass-d").user("svc_late", "pass-late").build();
        milvus.createCollection("default", "v1");
        milvus.load("default", "v1");
        milvus.createCollection("default", "v2");
        milvus.load("default", "v2");
        rig = OperatorRig.start(TTL);
    }

    @AfterAll
    static void stop() {
        rig.close();
        milvus.close();
    }

    /** Whatever a scenario did, the operator read Secrets by name only. */
    @AfterEach
    void noSecretWasListedOrWatched() {
        assertThat(rig.apiRequests()).filteredOn(SecretReadsIT::listsOrWatchesSecrets).isEmpty();
    }

    @Test
    void aRotatedTokenIsUsedOnceTheCachedCopyIsOlderThanTheTtl() {
        report.scenario("token rotated in the Secret, both tokens valid",
                "the Secret's token changes from svc_a's to svc_b's; Milvus accepts both until svc_a is revoked",
                "the Milvus client is rebuilt with svc_b's token within the TTL + one resync; once svc_a is revoked, a"
                        + " switch succeeds with no refused call; Secrets only read by name (no LIST or WATCH)");
        String ns = "secret-ttl";
        OperatorHarness k8s = bound(ns, "svc_a:pass-a", "ttl_rotated");
        long refusedBefore = rig.milvusCalls("UNAUTHENTICATED");
        int reconnectsBefore = reconnects(ns);

        Instant rotated = Instant.now();
        updateSecret(ns, "svc_b:pass-b");
        await().atMost(TTL.plus(SLACK)).until(() -> reconnects(ns) > reconnectsBefore);
        Duration inUse = Duration.between(rotated, Instant.now());

        milvus.changePassword("svc_a", "revoked");
        switchTo(k8s, "v2");
        assertThat(rig.milvusCalls("UNAUTHENTICATED") - refusedBefore).as("no call made with the old token").isZero();
        assertThat(inUse).isLessThanOrEqualTo(TTL.plus(SLACK));
        report.figure("new token in use after", inUse);
        report.figure("TTL", TTL);
        report.figure("calls refused", 0);
        report.figure("Ready reasons", rig.readyReasons(ns, "alias"));
        report.figure("Secret GETs (all scenarios so far)", secretGets());
    }

    @Test
    void aRefusedTokenIsReadAgainAtOnceNotAtTheEndOfTheTtl() {
        report.scenario("Secret rotated and old user revoked at once, copy still cached",
                "the Secret's token changes from svc_c's to svc_d's and svc_c is revoked in the same instant, while the"
                        + " operator's copy of the Secret is younger than the TTL",
                "the call with the cached token is refused, the Secret is read again at once and the switch goes"
                        + " through with svc_d well within the TTL; no Unauthenticated in status");
        String ns = "secret-refused";
        OperatorHarness k8s = bound(ns, "svc_c:pass-c", "ttl_refused");
        long refusedBefore = rig.milvusCalls("UNAUTHENTICATED");

        Instant rotated = Instant.now();
        updateSecret(ns, "svc_d:pass-d");
        milvus.changePassword("svc_c", "revoked");
        switchTo(k8s, "v2");
        Duration switched = Duration.between(rotated, Instant.now());

        long refused = rig.milvusCalls("UNAUTHENTICATED") - refusedBefore;
        assertThat(refused).as("the cached token was tried, and refused").isPositive();
        assertThat(switched).as("re-read on the refusal, not on expiry").isLessThan(TTL);
        assertThat(rig.readyReasons(ns, "alias")).doesNotContain("Unauthenticated");
        k8s.awaitConnectionReady("milvus", "True", "Connected");
        report.figure("switch done after the rotation", switched);
        report.figure("TTL", TTL);
        report.figure("calls refused (cached token)", refused);
        report.figure("Ready reasons", rig.readyReasons(ns, "alias"));
    }

    @Test
    void aSecretCreatedAfterTheAliasIsFoundWithinTheTtl() {
        report.scenario("Secret created after the alias",
                "a MilvusConnection and a MilvusAlias name a Secret that does not exist yet; it is created later",
                "SecretNotFound (cached as missing for the TTL at most, looked at again every TTL) until then, Bound"
                        + " within the TTL of its creation, with no Secret watch");
        String ns = "secret-late";
        OperatorHarness k8s = rig.harness(ns);
        k8s.connection("milvus", milvus.uri(), "milvus-credentials");
        k8s.alias("alias", "milvus", "ttl_late", "v1");
        k8s.awaitReady("alias", "False", "SecretNotFound");

        Instant created = Instant.now();
        k8s.secret("milvus-credentials", Map.of("token", "svc_late:pass-late"));
        k8s.awaitReady("alias", "True", "Bound");
        Duration found = Duration.between(created, Instant.now());

        assertThat(found).isLessThanOrEqualTo(TTL.plus(SLACK));
        assertThat(milvus.aliasTarget("default", "ttl_late")).contains("v1");
        report.figure("Bound after the Secret was created", found);
        report.figure("TTL", TTL);
        report.figure("Ready reasons", rig.readyReasons(ns, "alias"));
    }

    @Test
    void aForbiddenGetIsReportedOnTheAliasAndTheOperatorCarriesOn() {
        report.scenario("GET of the Secret forbidden",
                "the API server answers 403 Forbidden to the operator's GET of the Secret (RBAC without get there)",
                "Ready=False SecretNotFound with a message naming the 403 and the missing right; no Milvus call for"
                        + " the alias; the operator keeps serving other namespaces");
        String ns = "secret-denied";
        AtomicInteger refusedGets = new AtomicInteger();
        rig.server().expect().get().withPath("/api/v1/namespaces/" + ns + "/secrets/milvus-credentials")
                .andReply(403, request -> {
                    refusedGets.incrementAndGet();
                    return new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("secrets"
                            + " \"milvus-credentials\" is forbidden: User \"system:serviceaccount:milvus-alias-system:"
                            + "milvus-alias-operator\" cannot get resource \"secrets\"").build();
                }).always();
        OperatorHarness k8s = rig.harness(ns);
        k8s.secret("milvus-credentials", Map.of("token", "svc_a:pass-a"));
        k8s.connection("milvus", milvus.uri(), "milvus-credentials");
        k8s.alias("alias", "milvus", "ttl_denied", "v1");

        MilvusAlias denied = k8s.awaitReady("alias", "False", "SecretNotFound");
        String message = OperatorHarness.ready(denied.getStatus().getConditions()).orElseThrow().getMessage();
        assertThat(message).contains("403 Forbidden").contains("'get' on secrets in namespace " + ns);
        assertThat(milvus.aliasTarget("default", "ttl_denied")).isEmpty();
        assertThat(refusedGets).as("asked again, not cached").hasValueGreaterThan(1);
        assertThat(rig.informerStops()).isEmpty();
        report.figure("message", message.length() > 110 ? message.substring(0, 110) + "..." : message);
        report.figure("refused GETs", refusedGets.get());
        report.figure("Ready reasons", rig.readyReasons(ns, "alias"));
    }

    /** A namespace with a Secret holding {@code token}, a MilvusConnection using it and a MilvusAlias "alias" on v1. */
    private static OperatorHarness bound(String namespace, String token, String alias) {
        OperatorHarness k8s = rig.harness(namespace);
        k8s.secret("milvus-credentials", Map.of("token", token));
        k8s.connection("milvus", milvus.uri(), "milvus-credentials");
        k8s.alias("alias", "milvus", alias, "v1");
        k8s.awaitReady("alias", "True", "Bound");
        return k8s;
    }

    private static void updateSecret(String namespace, String token) {
        rig.admin().resources(Secret.class).inNamespace(namespace).withName("milvus-credentials").edit(s -> {
            s.setData(null);
            s.setStringData(Map.of("token", token));
            return s;
        });
    }

    private static void switchTo(OperatorHarness k8s, String collection) {
        k8s.editAlias("alias", spec -> spec.setCollectionName(collection));
        await().atMost(OperatorHarness.TIMEOUT).until(() -> {
            MilvusAlias alias = k8s.get(MilvusAlias.class, "alias");
            return alias.getStatus() != null && collection.equals(alias.getStatus().getCollectionName());
        });
    }

    /** How often the operator rebuilt the Milvus client of this namespace's connection for changed settings. */
    private static int reconnects(String namespace) {
        return rig.logs().containing("Settings of Milvus connection " + namespace + "/milvus changed").size();
    }

    private static long secretGets() {
        return rig.apiRequests().stream().filter(r -> r.startsWith("GET ") && r.contains("/secrets/")).count();
    }

    /** A request on the secrets collection (list, or watch), rather than on one Secret by name. */
    static boolean listsOrWatchesSecrets(String request) {
        String path = request.substring(request.indexOf(' ') + 1);
        int query = path.indexOf('?');
        String resource = query < 0 ? path : path.substring(0, query);
        return request.startsWith("GET ") && (resource.endsWith("/secrets") || path.contains("watch=true")
                && resource.contains("/secrets"));
    }

    /** The request-log check itself must be able to fail. */
    @Test
    void theRequestLogCheckTellsAListOrWatchFromAGet() {
        assertThat(List.of("GET /api/v1/secrets?limit=500", "GET /api/v1/namespaces/a/secrets?watch=true",
                "GET /api/v1/namespaces/a/secrets")).allMatch(SecretReadsIT::listsOrWatchesSecrets);
        assertThat(List.of("GET /api/v1/namespaces/a/secrets/creds", "POST /api/v1/namespaces/a/secrets",
                "GET /api/v1/namespaces/a/configmaps?watch=true")).noneMatch(SecretReadsIT::listsOrWatchesSecrets);
    }
}
