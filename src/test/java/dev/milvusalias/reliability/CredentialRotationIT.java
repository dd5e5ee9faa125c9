package dev.milvusalias.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.it.OperatorHarness;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * Credentials rotated while the operator runs, against a Milvus with authentication: the operator's copy of the
 * Secret is at most one Secret cache TTL old (1 s here), and a refused call re-reads it at once, so nothing fails for
 * long; {@link SecretReadsIT} shows both with a TTL long enough to tell them apart. The old credentials stop working
 * as soon as they are rotated out in Milvus (its UpdateCredential), so any call made with them after that would fail
 * and show.
 */
class CredentialRotationIT {

    @RegisterExtension
    static final ReliabilityRecorder report = new ReliabilityRecorder("3. Credential rotation");

    private static MilvusEmulator milvus;
    private static OperatorRig rig;

    @BeforeAll
    static void start() {
        // One user per scenario: each rotation leaves its user's old password invalid.
        milvus = MilvusEmulator.builder().user("svc_blue", "blue-pass-1").user("svc_old", "old-pass-1")
                .user("svc_new", "new-pass-1").build();
        milvus.createCollection("default", "v1");
        milvus.load("default", "v1");
        milvus.createCollection("default", "v2");
        milvus.load("default", "v2");
        rig = OperatorRig.start();
    }

    @AfterAll
    static void stop() {
        rig.close();
        milvus.close();
    }

    @Test
    void passwordChangedInMilvusFirstThenInTheSecret() throws InterruptedException {
        report.scenario("password changed in Milvus, Secret updated 3 s later",
                "the Milvus user's password is changed; the Secret (username/password) gets the new one 3 s later",
                "Unauthenticated (looked at again every Secret cache TTL, 1 s, re-reading the Secret) until the Secret"
                        + " changes, then Bound within the TTL with the new password; a switch right after succeeds; no"
                        + " credential in logs, events or status");
        String ns = "rotate-late";
        OperatorHarness k8s = bound(ns, Map.of("username", "svc_blue", "password", "blue-pass-1"));
        Invariants invariants = Invariants.from(milvus).allow("rotated_late", "v1", "v2")
                .secrets("blue-pass-1", "blue-pass-2");
        long refusedBefore = rig.milvusCalls("UNAUTHENTICATED");

        Instant changed = Instant.now();
        milvus.changePassword("svc_blue", "blue-pass-2");
        k8s.awaitReady("alias", "False", "Unauthenticated"); // the next resync meets the old password
        Thread.sleep(Duration.ofSeconds(3).minus(Duration.between(changed, Instant.now())).toMillis());
        Instant secretUpdated = Instant.now();
        updateSecret(ns, Map.of("username", "svc_blue", "password", "blue-pass-2"));
        k8s.awaitReady("alias", "True", "Bound");
        Duration afterSecret = Duration.between(secretUpdated, Instant.now());

        switchTo(k8s, "v2");
        assertThat(milvus.aliasTarget("default", "rotated_late")).contains("v2");
        report.figure("Bound again after the Secret update", afterSecret);
        report.figure("not Bound since the password change", rig.timeNotBound(ns, "alias", changed));
        report.figure("calls refused (old password)", rig.milvusCalls("UNAUTHENTICATED") - refusedBefore);
        report.figure("Ready reasons", rig.readyReasons(ns, "alias"));
        report.figure("invariants", invariants.verify(rig.admin(), rig.logs()));
    }

    @Test
    void secretRotatedToANewUserAndTheOldOneRevokedAtOnce() {
        report.scenario("Secret rotated to a new user, old one revoked at once",
                "the Secret's token changes from svc_old's to svc_new's, and svc_old's password is changed in"
                        + " Milvus in the same instant (the worst moment to revoke)",
                "a call with the cached svc_old token is refused at most once per reconcile, and the Secret is read"
                        + " again at once: the switch succeeds as svc_new; seconds not Bound measured; no credential in"
                        + " logs, events or status");
        String ns = "rotate-now";
        OperatorHarness k8s = bound(ns, Map.of("token", "svc_old:old-pass-1"));
        Invariants invariants = Invariants.from(milvus).allow("rotated_now", "v1", "v2")
                .secrets("old-pass-1", "revoked-pass", "new-pass-1");
        long refusedBefore = rig.milvusCalls("UNAUTHENTICATED");

        Instant rotated = Instant.now();
        updateSecret(ns, Map.of("token", "svc_new:new-pass-1"));
        milvus.changePassword("svc_old", "revoked-pass");
        switchTo(k8s, "v2");
        Duration switched = Duration.between(rotated, Instant.now());

        assertThat(milvus.aliasTarget("default", "rotated_now")).contains("v2");
        assertThat(k8s.awaitConnectionReady("milvus", "True", "Connected")).isNotNull();
        report.figure("switch done after the rotation", switched);
        report.figure("not Bound since the rotation", rig.timeNotBound(ns, "alias", rotated));
        report.figure("calls refused (old token)", rig.milvusCalls("UNAUTHENTICATED") - refusedBefore);
        report.figure("Ready reasons", rig.readyReasons(ns, "alias"));
        report.figure("invariants", invariants.verify(rig.admin(), rig.logs()));
    }

    /** A namespace with a Secret, a MilvusConnection using it and one bound MilvusAlias "alias" on v1. */
    private static OperatorHarness bound(String namespace, Map<String, String> credentials) {
        OperatorHarness k8s = rig.harness(namespace);
        k8s.secret("milvus-credentials", credentials);
        k8s.connection("milvus", milvus.uri(), "milvus-credentials");
        k8s.alias("alias", "milvus", namespace.equals("rotate-late") ? "rotated_late" : "rotated_now", "v1");
        k8s.awaitReady("alias", "True", "Bound");
        k8s.awaitConnectionReady("milvus", "True", "Connected");
        return k8s;
    }

    private static void updateSecret(String namespace, Map<String, String> credentials) {
        rig.admin().resources(Secret.class).inNamespace(namespace).withName("milvus-credentials").edit(s -> {
            s.setData(null);
            s.setStringData(credentials);
            return s;
        });
    }

    /** Switches the alias and waits until Milvus and status say so: only possible with valid credentials. */
    private static void switchTo(OperatorHarness k8s, String collection) {
        k8s.editAlias("alias", spec -> spec.setCollectionName(collection));
        MilvusAlias done = k8s.awaitReady("alias", "True", "Bound");
        assertThat(done.getStatus().getCollectionName()).isEqualTo(collection);
    }
}
