package dev.milvusalias.sandbox;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The operator as {@code make run} runs it against the sandbox: the CRDs are the ones from {@code crds/} that the
 * sandbox installed (as {@code make install} would), checked by the operator at start but not applied by it. These
 * are build-time settings, so they are a test profile (applied when the test application is built), not test
 * resource configuration.
 */
public class SandboxTestProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    // application.properties sets %test.* values for these; a profiled name wins over a plain one in any source
    return Map.of(
        "%test.quarkus.operator-sdk.crd.apply", "false",
        "%test.quarkus.operator-sdk.crd.validate", "true");
  }
}
