package dev.milvusalias.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.OsLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;

import dev.milvusalias.reconcile.Reason;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The Argo CD health check: health.lua gives every case of health_test.lua its health when run as Argo CD runs it (a
 * Lua 5.1 VM, LuaJ here and gopher-lua there, with only the libraries Argo CD opens), the argocd-cm patch inlines it
 * verbatim, and it classifies every Ready reason the operator can write.
 */
class ArgoHealthLuaTest {

    static final Path ARGOCD = Manifests.DEPLOY.resolve("argocd");
    static final Path HEALTH = ARGOCD.resolve("health.lua");
    static final Path CASES = ARGOCD.resolve("health_test.lua");
    /** 16 hand-written cases plus 16 reasons for each of the two kinds. */
    static final int MIN_CASES = 48;

    /** Reasons of a Ready=True condition; they need no entry in the script's tables. */
    static final Set<Reason> READY_REASONS = Set.of(Reason.Bound, Reason.Connected);

    @TestFactory
    Stream<DynamicTest> healthLuaGivesEveryCaseOfTheTableItsHealth() throws IOException {
        Prototype health = compile(HEALTH);
        LuaValue table = new LuaClosure(compile(CASES), argoCdEnvironment()).call();
        assertThat(table.istable()).as("health_test.lua returns its table of cases").isTrue();
        List<LuaValue> cases = new ArrayList<>();
        for (int i = 1; i <= table.length(); i++) {
            cases.add(table.get(i));
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(MIN_CASES);

        return cases.stream().map(c -> {
            String name = c.get("name").checkjstring();
            return DynamicTest.dynamicTest(name, () -> {
                LuaTable env = argoCdEnvironment();
                env.set("obj", c.get("obj"));
                LuaValue hs;
                try {
                    hs = new LuaClosure(health, env).call();
                } catch (LuaError e) {
                    throw new AssertionError("health.lua failed on case \"" + name + "\": " + e.getMessage(), e);
                }
                assertThat(hs.istable()).as("%s: health.lua returns a table, not %s", name, hs.typename()).isTrue();
                assertThat(hs.get("status").optjstring(null)).as("%s: status", name)
                        .isEqualTo(c.get("status").checkjstring());
                assertThat(hs.get("message").typename()).as("%s: type of message", name).isEqualTo("string");
                if (!c.get("message").isnil()) {
                    assertThat(hs.get("message").tojstring()).as("%s: message", name)
                            .isEqualTo(c.get("message").checkjstring());
                }
            });
        });
    }

    /** What the cases above run with is what Argo CD offers a health check, no more: no string library, say. */
    @Test
    void healthChecksRunWithOnlyTheLibrariesArgoCdOpens() {
        LuaValue seen = run("return { string = type(string), math = type(math), io = type(io), exit = type(os.exit),"
                + " time = type(os.time), date = type(os.date), insert = type(table.insert), ipairs = type(ipairs),"
                + " unpack = type(unpack), os = type(require('os')) }");
        assertThat(List.of("string", "math", "io", "exit")).allSatisfy(
                name -> assertThat(seen.get(name).tojstring()).as(name).isEqualTo("nil"));
        assertThat(List.of("time", "date", "insert", "ipairs", "unpack")).allSatisfy(
                name -> assertThat(seen.get(name).tojstring()).as(name).isEqualTo("function"));
        assertThat(seen.get("os").tojstring()).isEqualTo("table");
        assertThatThrownBy(() -> run("return { status = (\"healthy\"):upper() }"))
                .as("string methods need the string library").isInstanceOf(LuaError.class);
    }

    /**
     * A fresh environment, as Argo CD makes one per evaluation ({@code lua.NewState} with {@code SkipOpenLibs}, then
     * package, base, table and a safe os of {@code time} and {@code date}); health checks registered through
     * {@code resource.customizations.health.<group>_<kind>} get no other library.
     */
    static LuaTable argoCdEnvironment() {
        // LuaJ keeps the strings' metatable (their methods) in a static that its string library sets; gopher-lua
        // has none without that library.
        LuaString.s_metatable = null;
        LuaTable env = new LuaTable();
        env.load(new BaseLib());
        env.load(new PackageLib());
        env.load(new TableLib());
        LuaTable all = new LuaTable();
        all.load(new OsLib());
        LuaTable os = new LuaTable();
        os.set("time", all.get("os").get("time"));
        os.set("date", all.get("os").get("date"));
        env.set("os", os);
        env.get("package").get("loaded").set("os", os);
        return env;
    }

    private static LuaValue run(String chunk) {
        try (InputStream in = new ByteArrayInputStream(chunk.getBytes(StandardCharsets.UTF_8))) {
            return new LuaClosure(LuaC.compile(in, "probe"), argoCdEnvironment()).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Prototype compile(Path script) throws IOException {
        try (InputStream in = Files.newInputStream(script)) {
            return LuaC.compile(in, "@" + script.getFileName());
        }
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
