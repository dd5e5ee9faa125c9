package dev.milvusalias.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Objects with fields this version does not know are read, not refused: a newer CRD adds optional fields (the schema
 * only grows), and an older replica, during a rolling update or a rollback, reads objects that carry them. Refusing
 * one such object stops the whole informer (java-operator-sdk then exits the process), so a single object would
 * take the operator down for every alias.
 */
class UnknownFieldsTest {

    /** As the operator's client reads: the Quarkus kubernetes-client mapper with the operator SDK's customization. */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(
            new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS), true);

    @Test
    void aMilvusAliasWithFieldsFromANewerVersionIsRead() {
        MilvusAlias alias = SERIALIZATION.unmarshal("""
                {"apiVersion": "milvus.io/v1alpha1", "kind": "MilvusAlias",
                 "metadata": {"name": "products", "namespace": "shop"},
                 "spec": {"alias": "products", "collectionName": "v1", "future": 1,
                          "connectionRef": {"name": "milvus", "namespace": "elsewhere"},
                          "switchPolicy": {"requireLoaded": true, "requireIndexed": true}},
                 "status": {"alias": "products", "collectionName": "v1", "rowCount": 7,
                            "conditions": [{"type": "Ready", "status": "True", "reason": "Bound", "severity": "Info"}],
                            "pendingChange": {"operation": "Create", "alias": "products", "to": "v1", "attempt": 2}}}
                """, MilvusAlias.class);

        assertThat(alias.getSpec().getConnectionRef().getName()).isEqualTo("milvus");
        assertThat(alias.getSpec().getSwitchPolicy().getRequireLoaded()).isTrue();
        assertThat(alias.getStatus().getConditions()).singleElement().extracting(Condition::getReason).isEqualTo("Bound");
        assertThat(alias.getStatus().getPendingChange().getTo()).isEqualTo("v1");
    }

    @Test
    void aMilvusConnectionWithFieldsFromANewerVersionIsRead() {
        MilvusConnection connection = SERIALIZATION.unmarshal("""
                {"apiVersion": "milvus.io/v1alpha1", "kind": "MilvusConnection",
                 "metadata": {"name": "milvus", "namespace": "shop"},
                 "spec": {"uri": "https://milvus:19530", "poolSize": 4,
                          "credentialsSecretRef": {"name": "creds", "namespace": "vault"},
                          "tls": {"serverName": "milvus", "insecureSkipVerify": false,
                                  "caSecretRef": {"name": "ca", "key": "ca.crt", "optional": true}}},
                 "status": {"serverVersion": "v2.6.4", "latencyMs": 3,
                            "conditions": [{"type": "Ready", "status": "True", "reason": "Connected"}]}}
                """, MilvusConnection.class);

        assertThat(connection.getSpec().getUri()).isEqualTo("https://milvus:19530");
        assertThat(connection.getSpec().getTls().getCaSecretRef().getKey()).isEqualTo("ca.crt");
        assertThat(connection.getStatus().getServerVersion()).isEqualTo("v2.6.4");
    }
}
