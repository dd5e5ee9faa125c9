package dev.milvusalias.reconcile;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import dev.milvusalias.api.LocalObjectReference;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasSpec;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.MilvusConnectionSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/** Builders for the Kubernetes objects unit tests need. */
public final class TestResources {

    public static final String NAMESPACE = "team-a";

    private TestResources() {
    }

    public static MilvusAlias alias(String alias, String collection, long generation) {
        MilvusAlias resource = new MilvusAlias();
        resource.setMetadata(new ObjectMetaBuilder().withName(alias.replace('_', '-')).withNamespace(NAMESPACE)
                .withGeneration(generation).withUid(UUID.randomUUID().toString()).build());
        MilvusAliasSpec spec = new MilvusAliasSpec();
        spec.setConnectionRef(new LocalObjectReference("milvus"));
        spec.setAlias(alias);
        spec.setCollectionName(collection);
        resource.setSpec(spec);
        return resource;
    }

    public static MilvusConnection connection(String name, String uri, String secretName) {
        MilvusConnection connection = new MilvusConnection();
        connection.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withGeneration(1L).build());
        MilvusConnectionSpec spec = new MilvusConnectionSpec();
        spec.setUri(uri);
        if (secretName != null) {
            spec.setCredentialsSecretRef(new LocalObjectReference(secretName));
        }
        connection.setSpec(spec);
        return connection;
    }

    public static Secret secret(String name, Map<String, String> values) {
        Map<String, String> data = new java.util.HashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withData(data).build();
    }
}
