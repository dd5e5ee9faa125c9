package dev.milvusalias.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.milvusalias.reconcile.Reason;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The Argo CD health check: its Lua table tests pass under lua5.1 (the Lua that Argo CD embeds), the
 * argocd-cm patch inlines it verbatim, and it classifies every Ready reason the operator can write.
 */
class ArgoHealthLuaTest {

    static final Path ARGOCD = Manifests.DEPLOY.resolve("argocd");
    static final Path HEALTH = ARGOCD.resolve("health.lua");

    /** Reasons of a Ready=True condition; they need no entry in the script's tables. */
    static final Set<Reason> READY_REASONS = Set.of(Reason.Bound, Reason.Connected);

    @Test
    void luaTableTestsPass() throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("lua5.1", ARGOCD.resolve("health_test.lua").toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("lua5.1 is needed to test deploy/argocd/health.lua: apt-get install -y lua5.1", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as("lua5.1 health_test.lua exit code; output:%n%s", output).isZero();
        List<String> lines = output.lines().toList();
        assertThat(lines).as(output).noneMatch(l -> l.startsWith("FAIL"));
        Matcher summary = Pattern.compile("(\\d+) passed, 0 failed").matcher(lines.get(lines.size() - 1));
        assertThat(summary.matches()).as("last line of:%n%s", output).isTrue();
        // 16 hand-written cases plus 16 reasons for each of the two kinds.
        assertThat(Integer.parseInt(summary.group(1))).isGreaterThanOrEqualTo(48);
    }

    @Test
    void argocdConfigMapPatchInlinesTheScriptVerbatim() throws IOException {
        String script = Files.readString(HEALTH);
        ConfigMap patch = new KubernetesSerialization()
                .unmarshal(Files.readString(ARGOCD.resolve("argocd-cm-patch.yaml")), ConfigMap.class);
        assertThat(patch.getMetadata().getName()).isEqualTo("argocd-cm");
        assertThat(patch.getData()).containsOnlyKeys(
                "resource.customizations.health.milvus.io_MilvusAlias",
                "resource.customizations.health.milvus.io_MilvusConnection",
                "resource.customizations.health.milvus.io_ClusterMilvusConnection");
        patch.getData().forEach((key, inlined) -> assertThat(inlined)
                .as("%s in argocd-cm-patch.yaml differs from health.lua; run deploy/argocd/gen-cm-patch.sh", key)
                .isEqualTo(script));
    }

    @Test
    void everyNotReadyReasonOfTheOperatorIsClassified() throws IOException {
        String script = Files.readString(HEALTH);
        for (Reason reason : Reason.values()) {
            if (READY_REASONS.contains(reason)) {
                continue;
            }
            if (reason == Reason.Paused) {
                assertThat(script).as("health.lua maps Ready reason Paused to Suspended")
                        .contains("ready.reason == \"Paused\"");
                continue;
            }
            assertThat(script).as("health.lua maps Ready reason %s to Progressing or Degraded", reason)
                    .containsPattern("\\b" + reason.name() + " = true");
        }
        assertThat(Arrays.stream(Reason.values()).map(Reason::name)).contains("Bound", "Connected");
    }
}
