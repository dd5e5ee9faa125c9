package dev.milvusalias.sandbox;

import dev.milvusalias.it.ProjectCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.util.Map;
import java.util.function.IntConsumer;

/**
  * How fast the embedded API server answers one client when it already holds N MilvusAlias objects: GET, JSON merge
  * patch of spec and of status, create and delete by name, and one list of all N. Prints requests per second.
  * <p>
  * {@code java -cp <test classpath> dev.milvusalias.sandbox.SandboxStoreBenchmark [N]} (default 10,000). The N objects
  * are put into the store directly (as the CRUD store's own writes would), so that filling it costs the same whatever
  * the store's lookups cost; the timed requests then go over HTTP like the operator's.
  */
public final class SandboxStoreBenchmark {

    private static final String NAMESPACE = "bench";
    private static final ResourceDefinitionContext ALIASES = new ResourceDefinitionContext.Builder()
            .withGroup("milvus.io").withVersion("v1alpha1").withPlural("milvusaliases").withKind("MilvusAlias")
            .withNamespaced(true).build();
    private static final int REQUESTS = 500;

    private SandboxStoreBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (SandboxKubeApi api = SandboxKubeApi.start(ProjectCrds.files())) {
            seed(api.dispatcher(), n);
            KubernetesClient client = api.client();
            MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                    aliases = client.genericKubernetesResources(ALIASES);
            System.out.printf("sandbox store with %,d MilvusAlias objects, %d requests each, one client%n", n, REQUESTS);
            timed("warm-up GET", i -> aliases.inNamespace(NAMESPACE).withName(name(i % n)).get());
            timed("GET by name", i -> aliases.inNamespace(NAMESPACE).withName(name((i * 7919) % n)).get());
            timed("merge patch of spec", i -> aliases.inNamespace(NAMESPACE).withName(name((i * 7919) % n))
                    .patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"collectionName\":\"c_" + i + "_v2\"}}"));
            timed("merge patch of status", i -> aliases.inNamespace(NAMESPACE).withName(name((i * 7919) % n))
                    .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"status\":{\"observedGeneration\":" + (i + 2) + "}}"));
            timed("create", i -> aliases.inNamespace(NAMESPACE).resource(alias("extra-" + i, i)).create());
            timed("delete by name", i -> aliases.inNamespace(NAMESPACE).withName("extra-" + i).delete());
            long start = System.nanoTime();
            int listed = aliases.inNamespace(NAMESPACE).list().getItems().size();
            System.out.printf("%-24s %,d objects in %,.0f ms%n", "list", listed, (System.nanoTime() - start) / 1e6);
        }
        System.exit(0); // the mock server's Vert.x threads would keep the JVM alive
    }

    private static void seed(SandboxDispatcher dispatcher, int n) {
        String path = "/apis/milvus.io/v1alpha1/namespaces/" + NAMESPACE + "/milvusaliases";
        for (int i = 0; i < n; i++) {
            GenericKubernetesResource alias = alias(name(i), i);
            alias.getMetadata().setNamespace(NAMESPACE);
            alias.getMetadata().setUid("uid-" + i);
            alias.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
            alias.getMetadata().setGeneration(1L);
            alias.getMetadata().setResourceVersion(Long.toString(dispatcher.requestResourceVersion()));
            dispatcher.processEvent(path, dispatcher.getKey(path), null, alias, Serialization.asJson(alias));
        }
    }

    private static String name(int i) {
        return "alias-" + i;
    }

    private static GenericKubernetesResource alias(String name, int i) {
        return new GenericKubernetesResourceBuilder().withApiVersion("milvus.io/v1alpha1").withKind("MilvusAlias")
                .withNewMetadata().withName(name).withLabels(Map.of("app", "bench")).endMetadata()
                .addToAdditionalProperties("spec", Map.of("connectionRef", Map.of("name", "milvus"),
                        "alias", "a_" + i, "collectionName", "c_" + i + "_v1"))
                .build();
    }

    private static void timed(String what, IntConsumer request) {
        long start = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            request.accept(i);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-24s %,8.0f requests/s  (%.2f ms each)%n", what, REQUESTS / seconds,
                seconds * 1000 / REQUESTS);
    }
}
