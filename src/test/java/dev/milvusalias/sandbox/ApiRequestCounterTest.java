package dev.milvusalias.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.milvusalias.sandbox.ApiRequestCounter.Key;
import org.junit.jupiter.api.Test;

class ApiRequestCounterTest {

    @Test
    void namesRequestsAsTheApiServerDoes() {
        assertThat(ApiRequestCounter.classify("op", "PATCH", "/apis/milvus.io/v1/namespaces/ns/milvusaliases/a/status", null))
                .isEqualTo(new Key("op", "patch", "milvusaliases/status"));
        assertThat(ApiRequestCounter.classify("op", "PATCH", "/apis/milvus.io/v1/namespaces/ns/milvusaliases/a", null))
                .isEqualTo(new Key("op", "patch", "milvusaliases"));
        assertThat(ApiRequestCounter.classify("op", "POST", "/api/v1/namespaces/ns/events", null))
                .isEqualTo(new Key("op", "create", "events"));
        assertThat(ApiRequestCounter.classify("op", "GET", "/apis/milvus.io/v1/milvusaliases", "watch=true&rv=1"))
                .isEqualTo(new Key("op", "watch", "milvusaliases"));
        assertThat(ApiRequestCounter.classify("op", "GET", "/apis/milvus.io/v1/namespaces/ns/milvusaliases", "limit=5"))
                .isEqualTo(new Key("op", "list", "milvusaliases"));
        assertThat(ApiRequestCounter.classify("op", "GET", "/api/v1/namespaces/ns", null))
                .isEqualTo(new Key("op", "get", "namespaces"));
        assertThat(ApiRequestCounter.classify("op", "PUT", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/l/", null))
                .isEqualTo(new Key("op", "update", "leases"));
        assertThat(ApiRequestCounter.classify(null, "GET", "/version", null)).isEqualTo(new Key("", "get", "/version"));
        assertThat(ApiRequestCounter.classify("op", "DELETE", "/api/v1/namespaces/ns/secrets", null).verb())
                .isEqualTo("deletecollection");
    }

    @Test
    void countsByKeyAndTellsWritesFromReads() {
        ApiRequestCounter counter = new ApiRequestCounter();
        counter.record("op", "PATCH", "/apis/milvus.io/v1/namespaces/ns/milvusaliases/a/status", null);
        counter.record("op", "PATCH", "/apis/milvus.io/v1/namespaces/ns/milvusaliases/b/status", null);
        counter.record("op", "GET", "/apis/milvus.io/v1/namespaces/ns/milvusaliases", null);

        assertThat(counter.snapshot()).containsEntry(new Key("op", "patch", "milvusaliases/status"), 2L)
                .containsEntry(new Key("op", "list", "milvusaliases"), 1L).hasSize(2);
        assertThat(new Key("op", "patch", "x").isWrite()).isTrue();
        assertThat(new Key("op", "watch", "x").isWrite()).isFalse();
    }
}
