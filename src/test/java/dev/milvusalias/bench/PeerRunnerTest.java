package dev.milvusalias.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerRunnerTest {

    @Test
    void classPathIsWhereClassesCameFromInFirstUseOrder(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("class-load.log");
        Files.writeString(log, String.join("\n",
                "[0.010s][info][class,load] java.lang.Object source: shared objects file",
                "[0.011s][info][class,load] java.util.Map source: jrt:/java.base",
                "[0.200s][info][class,load] dev.milvusalias.bench.PeerSwitch source: file:/w/target/test-classes/",
                "[0.300s][info][class,load] io.milvus.v2.client.MilvusClientV2 source: file:/m2/milvus-sdk-java.jar",
                "[0.301s][info][class,load] io.milvus.v2.client.ConnectConfig source: file:/m2/milvus-sdk-java.jar",
                "[0.400s][info][class,load] io.grpc.Channel source: file:/m2/grpc-api.jar",
                ""));

        assertThat(PeerRunner.jarsLoaded(log)).containsExactly("/w/target/test-classes/", "/m2/milvus-sdk-java.jar",
                "/m2/grpc-api.jar");
    }
}
