package dev.milvusalias.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapInfoTest {

    @Test
    void addsTheGenerationsOfTheSerialCollector() {
        HeapInfo heap = HeapInfo.parse(String.join("\n",
                "4372:",
                " def new generation   total 10240K, used 2048K [0x1, 0x2, 0x3)",
                "  eden space 9216K,  20% used [0x1, 0x2, 0x3)",
                "  from space 1024K,   0% used [0x1, 0x2, 0x3)",
                " tenured generation   total 20480K, used 10240K [0x1, 0x2, 0x3)",
                "   the space 20480K,  50% used [0x1, 0x2, 0x2, 0x3)",
                " Metaspace       used 61440K, committed 62464K, reserved 1114112K",
                "  class space    used 7168K, committed 7680K, reserved 1048576K"));

        assertThat(heap).isEqualTo(new HeapInfo(30.0, 12.0, 61.0, 60.0));
    }

    @Test
    void readsG1() {
        HeapInfo heap = HeapInfo.parse(" garbage-first heap   total 397312K, used 4675K [0x1, 0x2)\n"
                + "  region size 4096K, 1 young (4096K), 0 survivors (0K)\n"
                + " Metaspace       used 73K, committed 320K, reserved 1114112K\n");

        assertThat(heap.heapCommittedMb()).isEqualTo(388.0);
        assertThat(heap.metaspaceCommittedMb()).isEqualTo(320 / 1024.0);
    }

    @Test
    void readsJava25sSerialCollectorAndVmMetaspace() {
        HeapInfo heap = HeapInfo.parse(String.join("\n",
                "14840:",
                "DefNew     total 10240K, used 2048K [0x1, 0x2, 0x3)",
                " eden space 9216K,  20% used [0x1, 0x2, 0x3)",
                "Tenured    total 20480K, used 10240K [0x1, 0x2, 0x3)",
                " the  space 20480K,   50% used [0x1, 0x2, 0x2, 0x3)",
                "14840:",
                "Total Usage - 1139 loaders, 11034 classes (4359 shared):",
                "Metaspace        used 61440K, committed 62464K, reserved 1114112K",
                " class space     used 7168K, committed 7680K, reserved 1048576K"));

        assertThat(heap.heapCommittedMb()).isEqualTo(30.0);
        assertThat(heap.heapUsedMb()).isEqualTo(12.0);
        assertThat(heap.metaspaceCommittedMb()).isEqualTo(61.0);
        assertThat(heap.metaspaceUsedMb()).isEqualTo(60.0);
    }
}
