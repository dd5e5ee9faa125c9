package dev.milvusalias.sandbox;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
  * Starts a {@link Sandbox} (emulator on a free port, work directory {@code target/sandbox-it}) for a
  * {@code @QuarkusTest} and points the operator under test at its API server, where the sandbox installed the CRDs
  * of {@code crds/}. Fields of type {@link Sandbox} in the test get the handle.
  */
public class SandboxTestResource implements QuarkusTestResourceLifecycleManager {

    private Sandbox sandbox;

    @Override
    public Map<String, String> start() {
        sandbox = Sandbox.start(Sandbox.Options.defaults(Path.of("")).withWorkDir(Path.of("target", "sandbox-it"))
                .withMilvusPort(0));
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", sandbox.apiUrl(),
                // other builds may run on this machine at the same time: no fixed port, loopback only
                "quarkus.http.test-port", "0",
                "quarkus.http.host", "127.0.0.1");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(sandbox, new TestInjector.MatchesType(Sandbox.class));
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
