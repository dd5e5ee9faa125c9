package dev.milvusalias.sandbox;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting on a fixed port (what a sandbox run uses, so the kubeconfig stays valid), and releasing it on close. */
class KubeSandboxLifecycleIT {

    @Test
    void fixedPortIsUsedRefusedWhenBusyAndReleasedOnClose() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }

        try (SandboxKubeApi first = SandboxKubeApi.start(List.of(), port)) {
            assertThat(first.url()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(first.client().namespaces().withName("default").get()).isNotNull();

            assertThatThrownBy(() -> SandboxKubeApi.start(List.of(), port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
        }

        try (SandboxKubeApi again = SandboxKubeApi.start(List.of(), port)) {
            assertThat(again.client().namespaces().list().getItems()).extracting(ns -> ns.getMetadata().getName())
                    .containsExactlyInAnyOrder("default", "kube-system", "kube-public");
        }
    }
}
