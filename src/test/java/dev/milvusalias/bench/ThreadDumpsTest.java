package dev.milvusalias.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ThreadDumpsTest {

    private static final String DUMP = String.join("\n",
            "2026-01-01 00:00:00",
            "Full thread dump OpenJDK 64-Bit Server VM:",
            "",
            "\"ReconcilerExecutor-milvusalias-51\" #51 daemon prio=5 os_prio=0 tid=0x1 nid=0x2 waiting on condition",
            "   java.lang.Thread.State: WAITING (parking)",
            "\tat jdk.internal.misc.Unsafe.park(java.base@17/Native Method)",
            "\tat io.grpc.stub.ClientCalls$ThreadlessExecutor.waitAndDrain(ClientCalls.java:748)",
            "\tat io.milvus.v2.client.MilvusClientV2.describeAlias(MilvusClientV2.java:1)",
            "\tat dev.milvusalias.milvus.grpc.GrpcAliasStore.describe(GrpcAliasStore.java:90)",
            "",
            "\"ReconcilerExecutor-milvusalias-52\" #52 daemon prio=5 os_prio=0 tid=0x3 nid=0x4 waiting on condition",
            "   java.lang.Thread.State: WAITING (parking)",
            "\tat jdk.internal.misc.Unsafe.park(java.base@17/Native Method)",
            "\tat io.grpc.stub.ClientCalls$ThreadlessExecutor.waitAndDrain(ClientCalls.java:748)",
            "\tat dev.milvusalias.milvus.grpc.GrpcAliasStore.describe(GrpcAliasStore.java:90)",
            "",
            "\"pool-3-thread-1\" #60 prio=5 os_prio=0 tid=0x5 nid=0x6 waiting on condition",
            "   java.lang.Thread.State: WAITING (parking)",
            "\tat java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1062)",
            "");

    @Test
    void groupsReconcileThreadsByWhereTheyWait() {
        List<String> summary = ThreadDumps.summarize(List.of(DUMP, DUMP));

        assertThat(summary).containsExactly(
                "4 x WAITING in ClientCalls$ThreadlessExecutor.waitAndDrain <- GrpcAliasStore.describe",
                "2 dump(s): 3 threads each, 2 of them reconcile threads");
    }

    @Test
    void namesTheFabric8RequestAndWhoMadeIt() {
        String statusPatch = String.join("\n",
                "\"ReconcilerExecutor-milvusalias-32\" #32 prio=5 os_prio=0 cpu=522.66ms waiting on condition",
                "   java.lang.Thread.State: WAITING (parking)",
                "\tat java.util.concurrent.CompletableFuture.get(java.base@17.0.15/CompletableFuture.java:2072)",
                "\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.waitForResult(OperationSupport.java:491)",
                "\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.handleResponse(OperationSupport.java:524)",
                "\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.handlePatch(OperationSupport.java:419)",
                "\tat io.fabric8.kubernetes.client.dsl.internal.BaseOperation.handlePatch(BaseOperation.java:764)",
                "\tat io.javaoperatorsdk.operator.api.reconciler.ResourceOperations.lambda$jsonPatchPrimaryStatus$15(R.java:1)",
                "\tat io.javaoperatorsdk.operator.processing.event.ReconciliationDispatcher.handleReconcile(R.java:2)",
                "\tat dev.milvusalias.metrics.OperatorSdkMetrics.timeControllerExecution(O.java:3)");

        assertThat(ThreadDumps.signature(statusPatch)).isEqualTo(
                "WAITING in OperationSupport.waitForResult (handlePatch) <- ResourceOperations.jsonPatchPrimaryStatus");
    }

    @Test
    void aThreadOnlyInTheJdkIsIdle() {
        assertThat(ThreadDumps.signature("\"x\"\n   java.lang.Thread.State: TIMED_WAITING (sleeping)\n"
                + "\tat java.lang.Thread.sleep(Native Method)\n")).isEqualTo("TIMED_WAITING (JDK only: idle in the pool)");
    }
}
