package dev.milvusalias.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.emulator.MilvusEmulator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** Credentials: Secret arriving late, a wrong token, a user without privileges. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ProjectCrds.class)
class MilvusAuthIT {

    private static final String NS = "auth-it";
    private static MilvusEmulator milvus;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void startMilvus() {
        milvus = MilvusEmulator.builder().user("ops", "ops-pass").user("reader", "reader-pass")
                .denyPrivileges("reader").build();
        milvus.createCollection("default", "docs_v1");
        milvus.load("default", "docs_v1");
    }

    @AfterAll
    static void stopMilvus() {
        milvus.close();
    }

    @Test
    void reconcilesAsSoonAsTheSecretAppears() {
        OperatorHarness k8s = new OperatorHarness(client, NS);
        k8s.connection("secured", milvus.uri(), "ops-creds");
        k8s.alias("late-secret", "secured", "late_a", "docs_v1");

        k8s.awaitReady("late-secret", "False", "SecretNotFound");
        k8s.awaitConnectionReady("secured", "False", "SecretNotFound");
        assertThat(milvus.aliasTarget("default", "late_a")).isEmpty();

        k8s.secret("ops-creds", Map.of("username", "ops", "password", "ops-pass"));

        k8s.awaitReady("late-secret", "True", "Bound");
        k8s.awaitConnectionReady("secured", "True", "Connected");
        assertThat(milvus.aliasTarget("default", "late_a")).contains("docs_v1");
    }

    @Test
    void wrongCredentialsAreReportedAndFixingTheSecretRecovers() {
        OperatorHarness k8s = new OperatorHarness(client, NS);
        k8s.secret("bad-creds", Map.of("token", "ops:wrong"));
        k8s.connection("bad", milvus.uri(), "bad-creds");
        k8s.alias("badauth", "bad", "badauth_a", "docs_v1");

        MilvusAlias refused = k8s.awaitReady("badauth", "False", "Unauthenticated");
        assertThat(OperatorHarness.ready(refused.getStatus().getConditions()).orElseThrow().getMessage())
                .doesNotContain("wrong");
        k8s.awaitEvent("badauth", "Unauthenticated");

        client.resources(Secret.class).inNamespace(NS).withName("bad-creds")
                .edit(s -> {
                    s.setData(null);
                    s.setStringData(Map.of("token", "ops:ops-pass"));
                    return s;
                });

        k8s.awaitReady("badauth", "True", "Bound");
    }

    @Test
    void missingPrivilegeIsReported() {
        OperatorHarness k8s = new OperatorHarness(client, NS);
        k8s.secret("reader-creds", Map.of("username", "reader", "password", "reader-pass"));
        k8s.connection("readonly", milvus.uri(), "reader-creds");
        k8s.alias("denied", "readonly", "denied_a", "docs_v1");

        k8s.awaitReady("denied", "False", "PermissionDenied");
        k8s.awaitEvent("denied", "PermissionDenied");
        assertThat(milvus.aliasTarget("default", "denied_a")).isEmpty();
    }
}
