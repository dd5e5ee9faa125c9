package dev.milvusalias.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.milvusalias.api.Condition;
import dev.milvusalias.api.DeletionPolicy;
import dev.milvusalias.api.ConnectionReference;
import dev.milvusalias.api.LocalObjectReference;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasSpec;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.api.MilvusConnectionSpec;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Small helpers for driving the operator through the Kubernetes API in integration tests. */
public final class OperatorHarness {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final String namespace;

    public OperatorHarness(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public MilvusConnection connection(String name, String uri, String secretName) {
        MilvusConnection connection = new MilvusConnection();
        connection.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        MilvusConnectionSpec spec = new MilvusConnectionSpec();
        spec.setUri(uri);
        if (secretName != null) {
            spec.setCredentialsSecretRef(new LocalObjectReference(secretName));
        }
        connection.setSpec(spec);
        return client.resource(connection).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    }

    public void secret(String name, Map<String, String> values) {
        client.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withStringData(values).build()).create();
    }

    public MilvusAlias alias(String name, String connection, String alias, String collection, String database,
            DeletionPolicy policy) {
        return alias(name, connection, alias, collection, resource -> {
            resource.getSpec().setDatabase(database);
            resource.getSpec().setDeletionPolicy(policy);
        });
    }

    public MilvusAlias alias(String name, String connection, String alias, String collection) {
        return alias(name, connection, alias, collection, null, DeletionPolicy.Delete);
    }

    /** Creates a MilvusAlias after letting {@code customize} set extra spec fields and annotations. */
    public MilvusAlias alias(String name, String connection, String alias, String collection,
            java.util.function.Consumer<MilvusAlias> customize) {
        MilvusAlias resource = new MilvusAlias();
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        MilvusAliasSpec spec = new MilvusAliasSpec();
        spec.setConnectionRef(new ConnectionReference(connection));
        spec.setAlias(alias);
        spec.setCollectionName(collection);
        resource.setSpec(spec);
        customize.accept(resource);
        return client.resource(resource).create();
    }

    public void annotate(String name, String key, String value) {
        client.resources(MilvusAlias.class).inNamespace(namespace).withName(name).edit(a -> {
            if (value == null) {
                if (a.getMetadata().getAnnotations() != null) {
                    a.getMetadata().getAnnotations().remove(key);
                }
            } else {
                if (a.getMetadata().getAnnotations() == null) {
                    a.getMetadata().setAnnotations(new java.util.HashMap<>());
                }
                a.getMetadata().getAnnotations().put(key, value);
            }
            return a;
        });
    }

    public String namespace() {
        return namespace;
    }

    public <T extends io.fabric8.kubernetes.api.model.HasMetadata> T get(Class<T> type, String name) {
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }

    public void editAlias(String name, java.util.function.Consumer<MilvusAliasSpec> change) {
        client.resources(MilvusAlias.class).inNamespace(namespace).withName(name).edit(a -> {
            change.accept(a.getSpec());
            return a;
        });
    }

    public void delete(Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> type, String name) {
        client.resources(type).inNamespace(namespace).withName(name).delete();
    }

    public void awaitGone(Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> type, String name) {
        await().atMost(TIMEOUT).until(() -> get(type, name) == null);
    }

    /** Waits until the alias' Ready condition has this status and reason, for the current generation. */
    public MilvusAlias awaitReady(String name, String status, String reason) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            MilvusAlias a = get(MilvusAlias.class, name);
            return a != null && a.getStatus() != null
                    && ready(a.getStatus().getConditions())
                            .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
                            .isPresent()
                    && a.getMetadata().getGeneration().equals(a.getStatus().getObservedGeneration());
        });
        return get(MilvusAlias.class, name);
    }

    public MilvusConnection awaitConnectionReady(String name, String status, String reason) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            MilvusConnection c = get(MilvusConnection.class, name);
            return c != null && c.getStatus() != null && ready(c.getStatus().getConditions())
                    .filter(r -> status.equals(r.getStatus()) && reason.equals(r.getReason())).isPresent();
        });
        return get(MilvusConnection.class, name);
    }

    public static Optional<Condition> ready(List<Condition> conditions) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    /** Reasons of the events recorded for an object. */
    public List<String> eventReasons(String objectName) {
        return events(objectName).stream().map(Event::getReason).toList();
    }

    public List<Event> events(String objectName) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> objectName.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    public void awaitEvent(String objectName, String reason) {
        await().atMost(TIMEOUT).until(() -> eventReasons(objectName).contains(reason));
    }
}
