package dev.milvusalias.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
  * What the operator needs from the sandbox through the fabric8 client: informers (list + WebSocket watch), JSON merge
  * patches and JSON patches on the resource and its status subresource, optimistic locking, finalizers.
  */
class KubeSandboxFabric8IT {

    private static final ResourceDefinitionContext MILVUS_ALIAS = new ResourceDefinitionContext.Builder()
            .withGroup("milvus.io").withVersion("v1alpha1").withKind("MilvusAlias").withPlural("milvusaliases")
            .withNamespaced(true).build();

    private static SandboxKubeApi api;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        api = SandboxKubeApi.start(List.of(Path.of("src/test/resources/sandbox/milvusaliases.milvus.io-v1.yml")));
        client = api.client();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void informerSeesAddsUpdatesAndDeletes() {
        List<String> events = new CopyOnWriteArrayList<>();
        SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(MILVUS_ALIAS)
                .inAnyNamespace().inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource obj) {
                        events.add("add " + obj.getMetadata().getName() + " " + spec(obj).get("collectionName"));
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                        events.add("update " + newObj.getMetadata().getName() + " " + spec(newObj).get("collectionName"));
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                        events.add("delete " + obj.getMetadata().getName());
                    }
                }, 0);
        try {
            await().atMost(Duration.ofSeconds(10)).until(informer::hasSynced);
            resource().resource(alias("informed", "c1")).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("add informed c1"));

            resource().withName("informed").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"collectionName\":\"c2\"}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("update informed c2"));
            assertThat(informer.getStore().getByKey("default/informed")).isNotNull();

            resource().withName("informed").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("delete informed"));
        } finally {
            informer.close();
        }
    }

    @Test
    void statusMergePatchReplacesListsAndRemovesNulls() {
        resource().resource(alias("conditions", "c1")).create();

        GenericKubernetesResource first = resource().withName("conditions").get();
        first.setAdditionalProperty("status", Map.of("database", "default", "observedGeneration", 1,
                "conditions", List.of(Map.of("type", "Ready", "status", "False", "reason", "Pending"))));
        resource().resource(first).patchStatus();

        GenericKubernetesResource second = resource().withName("conditions").get();
        second.setAdditionalProperty("status", Map.of("database", "default", "observedGeneration", 1,
                "conditions", List.of(Map.of("type", "Ready", "status", "True", "reason", "AliasBound"))));
        resource().resource(second).patchStatus();

        GenericKubernetesResource updated = resource().withName("conditions").get();
        assertThat(status(updated).get("conditions")).asList().hasSize(1)
                .first().asString().contains("AliasBound").contains("status=True");
        assertThat(updated.getMetadata().getGeneration()).as("status writes do not bump generation").isEqualTo(1L);

        resource().withName("conditions").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"database\":null}}");
        assertThat(status(resource().withName("conditions").get())).doesNotContainKey("database")
                .containsKey("conditions");

        // a write to the main resource cannot change the status
        resource().withName("conditions").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"collectionName\":\"c9\"},\"status\":{\"observedGeneration\":42}}");
        GenericKubernetesResource afterSpecPatch = resource().withName("conditions").get();
        assertThat(spec(afterSpecPatch)).containsEntry("collectionName", "c9");
        assertThat(status(afterSpecPatch)).containsEntry("observedGeneration", 1);
        assertThat(afterSpecPatch.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void staleUpdatesConflict() {
        resource().resource(alias("locked", "c1")).create();
        GenericKubernetesResource stale = resource().withName("locked").get();
        resource().withName("locked").edit(r -> {
            spec(r).put("collectionName", "c2");
            return r;
        });
        spec(stale).put("collectionName", "c3");
        assertThatThrownBy(() -> resource().resource(stale).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(spec(resource().withName("locked").get())).containsEntry("collectionName", "c2");
    }

    @Test
    void finalizersKeepDeletedObjectsUntilRemoved() {
        GenericKubernetesResource withFinalizer = alias("final", "c1");
        withFinalizer.getMetadata().setFinalizers(List.of("milvus.io/alias-cleanup"));
        resource().resource(withFinalizer).create();

        resource().withName("final").delete();
        GenericKubernetesResource marked = resource().withName("final").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();

        // merge patch, as an operator framework would send it
        resource().withName("final").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"finalizers\":null}}");
        assertThat(resource().withName("final").get()).isNull();
    }

    @Test
    void listsHaveTheListKindOfTheResource() {
        resource().resource(alias("listed", "c1")).create();
        GenericKubernetesResourceList list = resource().list();
        assertThat(list.getKind()).isEqualTo("MilvusAliasList");
        assertThat(list.getApiVersion()).isEqualTo("milvus.io/v1alpha1");
        assertThat(list.getItems()).extracting(r -> r.getMetadata().getName()).contains("listed");
    }

    /** java-operator-sdk checks its Lease rights this way before it elects; the sandbox (no RBAC) grants all. */
    @Test
    void aRulesReviewGrantsEverythingAndIsNotStored() {
        SelfSubjectRulesReview review = client.resource(new SelfSubjectRulesReviewBuilder().withNewSpec()
                .withNamespace("default").endSpec().build()).create();

        assertThat(review.getStatus().getIncomplete()).isFalse();
        assertThat(review.getStatus().getResourceRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("*");
            assertThat(rule.getResources()).containsExactly("*");
            assertThat(rule.getVerbs()).containsExactly("*");
        });
        assertThat(review.getSpec().getNamespace()).isEqualTo("default");
        assertThatThrownBy(() -> client.resources(SelfSubjectRulesReview.class).list())
                .isInstanceOf(KubernetesClientException.class);
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            GenericKubernetesResourceList, io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> resource() {
        return client.genericKubernetesResources(MILVUS_ALIAS).inNamespace("default");
    }

    private static GenericKubernetesResource alias(String name, String collection) {
        Map<String, Object> spec = new HashMap<>();
        spec.put("alias", name);
        spec.put("collectionName", collection);
        spec.put("database", "default");
        spec.put("connectionRef", Map.of("name", "milvus"));
        spec.put("deletionPolicy", "Retain");
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder()
                .withApiVersion("milvus.io/v1alpha1").withKind("MilvusAlias")
                .withNewMetadata().withName(name).withNamespace("default").withFinalizers(new ArrayList<>()).endMetadata()
                .build();
        r.setAdditionalProperty("spec", spec);
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("status");
    }
}
