package dev.milvusalias.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class KubeSandboxHelpersTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s.replace('\'', '"'));
    }

    @Test
    void jsonPathCoversPrinterColumnExpressions() throws Exception {
        JsonNode obj = json("{'metadata':{'name':'a','labels':{'app.kubernetes.io/name':'x'}},"
                + "'spec':{'alias':'books','replicas':3},"
                + "'status':{'conditions':[{'type':'Synced','status':'True'},{'type':'Ready','status':'False',"
                + "'reason':'Pending'}]}}");
        assertThat(SimpleJsonPath.first(obj, ".spec.alias").asText()).isEqualTo("books");
        assertThat(SimpleJsonPath.first(obj, "{.spec.replicas}").asInt()).isEqualTo(3);
        assertThat(SimpleJsonPath.first(obj, ".status.conditions[?(@.type==\"Ready\")].status").asText())
                .isEqualTo("False");
        assertThat(SimpleJsonPath.first(obj, ".status.conditions[?(@.type=='Ready')].reason").asText())
                .isEqualTo("Pending");
        assertThat(SimpleJsonPath.first(obj, ".status.conditions[?(@.type==\"Missing\")].status")).isNull();
        assertThat(SimpleJsonPath.first(obj, ".status.conditions[-1].type").asText()).isEqualTo("Ready");
        assertThat(SimpleJsonPath.evaluate(obj, ".status.conditions[*].type")).hasSize(2);
        assertThat(SimpleJsonPath.first(obj, ".metadata.labels.app\\.kubernetes\\.io/name").asText()).isEqualTo("x");
        assertThat(SimpleJsonPath.first(obj, ".metadata.labels['app.kubernetes.io/name']").asText()).isEqualTo("x");
        assertThat(SimpleJsonPath.evaluate(obj, "..reason")).hasSize(1);
        assertThat(SimpleJsonPath.first(obj, ".status.database")).isNull();
    }

    @Test
    void mergePatchFollowsRfc7386() throws Exception {
        JsonNode target = json("{'a':'b','c':{'d':'e','f':'g'},'list':[1,2],'conditions':[{'type':'Ready'}]}");
        JsonNode patch = json("{'a':'z','c':{'f':null},'list':[3],'conditions':[{'type':'Ready','status':'True'}]}");
        assertThat(MergePatches.applyMergePatch(target, patch))
                .isEqualTo(json("{'a':'z','c':{'d':'e'},'list':[3],'conditions':[{'type':'Ready','status':'True'}]}"));
        assertThat(target.path("list")).as("input untouched").hasSize(2);
    }

    @Test
    void strategicMergePatchHandlesMapsAndNamedLists() throws Exception {
        JsonNode secret = json("{'data':{'a':'MQ==','b':'Mg=='},'type':'Opaque',"
                + "'containers':[{'name':'x','image':'i1'},{'name':'y','image':'i2'}]}");
        JsonNode patch = json("{'$setElementOrder/containers':[{'name':'x'},{'name':'y'}],"
                + "'data':{'b':null,'c':'Mw=='},'containers':[{'name':'y','image':'i3'}]}");
        assertThat(MergePatches.applyStrategicMergePatch(secret, patch)).isEqualTo(json(
                "{'data':{'a':'MQ==','c':'Mw=='},'type':'Opaque',"
                        + "'containers':[{'name':'x','image':'i1'},{'name':'y','image':'i3'}]}"));
    }

    @Test
    void humanDurationsLookLikeKubectls() {
        assertThat(SandboxTables.humanDuration(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(SandboxTables.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(SandboxTables.humanDuration(Duration.ofSeconds(185))).isEqualTo("3m5s");
        assertThat(SandboxTables.humanDuration(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(SandboxTables.humanDuration(Duration.ofMinutes(190))).isEqualTo("3h10m");
        assertThat(SandboxTables.humanDuration(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(SandboxTables.humanDuration(Duration.ofHours(50))).isEqualTo("2d2h");
        assertThat(SandboxTables.humanDuration(Duration.ofDays(40))).isEqualTo("40d");
    }

    @Test
    void kubeVersionsSortLikeKubernetes() {
        var versions = new java.util.ArrayList<>(java.util.List.of("v1alpha1", "v1", "v2beta1", "v1beta2", "v2", "foo"));
        versions.sort(SandboxDiscovery::compareKubeVersions);
        assertThat(versions).containsExactly("v2", "v1", "v2beta1", "v1beta2", "v1alpha1", "foo");
    }
}
