package dev.milvusalias.deploy;

import static dev.milvusalias.deploy.DeployManifestsTest.LEADER_ELECTION_GRANTS;
import static dev.milvusalias.deploy.DeployManifestsTest.CLUSTER_ROLE_GRANTS;
import static dev.milvusalias.deploy.DeployManifestsTest.env;
import static dev.milvusalias.deploy.Manifests.DEPLOY;
import static dev.milvusalias.deploy.Manifests.NAME;
import static dev.milvusalias.deploy.Manifests.OPERATOR_NAMESPACE;
import static dev.milvusalias.deploy.Manifests.grants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

/**
 * The Helm chart lints, and with default values renders the same operator as `kubectl kustomize deploy/`
 * (with watchNamespaces, the same as deploy/overlays/namespaced/): RBAC, container, pod security. Helm
 * runs in-process through helm-java, which bundles helm as a native library.
 */
class HelmChartTest {

    static final Path CHART = DEPLOY.resolve("helm/milvus-alias-operator");

    private static Manifests kustomizeCluster;
    private static Manifests kustomizeNamespaced;
    private static Manifests helmCluster;
    private static Manifests helmNamespaced;

    @BeforeAll
    static void render() throws IOException, InterruptedException {
        kustomizeCluster = Manifests.kustomize(DEPLOY);
        kustomizeNamespaced = Manifests.kustomize(DEPLOY.resolve("overlays/namespaced"));
        helmCluster = template(t -> t);
        helmNamespaced = template(t -> t.set("watchNamespaces[0]", "team-a").set("watchNamespaces[1]", "team-b"));
    }

    /** `helm template milvus-alias-operator CHART -n milvus-alias-system` with extra settings. */
    static Manifests template(UnaryOperator<TemplateCommand> settings) {
        TemplateCommand command = new Helm(CHART).template().withName(NAME).withNamespace(OPERATOR_NAMESPACE);
        return Manifests.parse(settings.apply(command).call());
    }

    @Test
    void chartLintsCleanly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void everyRenderedFieldIsKnownToTheKubernetesModel() {
        assertThat(helmCluster.unknownFields()).isEmpty();
        assertThat(helmNamespaced.unknownFields()).isEmpty();
        assertThat(template(t -> t.set("serviceMonitor.enabled", "true")).unknownFields()).isEmpty();
        assertThat(template(HelmChartTest::withMonitoringKit).unknownFields()).isEmpty();
    }

    @Test
    void chartShipsBothCrdsOutsideTheTemplates() throws IOException {
        // `helm show crds`: helm installs crds/ before the templates, on first install only.
        // DeployManifestsTest keeps that folder identical to crds/.
        String shown = new Helm(CHART).show().crds().call();
        for (String crd : Manifests.yamlFiles(Path.of("crds")).values()) {
            assertThat(shown).contains(crd.strip());
        }
        assertThat(helmCluster.crds()).as("templates must not render CRDs").isEmpty();
    }

    // ---- RBAC: same grants as kustomize, in both modes ----

    @Test
    void clusterModeGrantsWhatKustomizeGrants() {
        assertThat(helmCluster.ofType(Role.class)).extracting(r -> r.getMetadata().getName())
                .containsExactly(NAME + "-leader-election");
        assertThat(rolesByName(helmCluster)).isEqualTo(rolesByName(kustomizeCluster));
        assertThat(grants(helmCluster.one(ClusterRole.class, NAME).getRules()))
                .containsExactlyInAnyOrderElementsOf(CLUSTER_ROLE_GRANTS);
        assertThat(grants(helmCluster.one(Role.class, NAME + "-leader-election").getRules()))
                .containsExactlyInAnyOrderElementsOf(LEADER_ELECTION_GRANTS);
        assertBindingsPointAtTheOperator(helmCluster);
    }

    @Test
    void namespacedModeGrantsWhatTheKustomizeOverlayGrants() {
        assertThat(helmNamespaced.ofType(ClusterRole.class)).isEmpty();
        assertThat(helmNamespaced.ofType(ClusterRoleBinding.class)).isEmpty();
        assertThat(rolesByName(helmNamespaced)).isEqualTo(rolesByName(kustomizeNamespaced))
                .containsKeys("team-a/" + NAME, "team-b/" + NAME);
        assertThat(env(helmNamespaced.operatorContainer(), "QUARKUS_OPERATOR_SDK_NAMESPACES").getValue())
                .isEqualTo(env(kustomizeNamespaced.operatorContainer(), "QUARKUS_OPERATOR_SDK_NAMESPACES").getValue());
        assertBindingsPointAtTheOperator(helmNamespaced);
    }

    // ---- the Deployment ----

    @Test
    void defaultsRenderTheKustomizeContainer() {
        // Image, env settings, probes, ports, resources, securityContext and mounts, field for field.
        assertThat(helmCluster.operatorContainer()).isEqualTo(kustomizeCluster.operatorContainer());
        // The overlay's patch puts QUARKUS_OPERATOR_SDK_NAMESPACES first; no variable refers to another,
        // so only the set of variables matters.
        assertThat(envSortedByName(helmNamespaced.operatorContainer()))
                .isEqualTo(envSortedByName(kustomizeNamespaced.operatorContainer()));
    }

    private static Container envSortedByName(Container container) {
        return new ContainerBuilder(container)
                .withEnv(container.getEnv().stream().sorted(Comparator.comparing(EnvVar::getName)).toList())
                .build();
    }

    @Test
    void defaultsRenderTheKustomizePodSettings() {
        PodSpec helm = helmCluster.deployment().getSpec().getTemplate().getSpec();
        PodSpec kustomize = kustomizeCluster.deployment().getSpec().getTemplate().getSpec();
        assertThat(helmCluster.deployment().getSpec().getReplicas())
                .isEqualTo(kustomizeCluster.deployment().getSpec().getReplicas());
        assertThat(helm.getSecurityContext()).isEqualTo(kustomize.getSecurityContext());
        assertThat(helm.getVolumes()).isEqualTo(kustomize.getVolumes());
        assertThat(helm.getServiceAccountName()).isEqualTo(kustomize.getServiceAccountName());
        assertThat(helm.getAutomountServiceAccountToken()).isEqualTo(kustomize.getAutomountServiceAccountToken());
        assertThat(helm.getTerminationGracePeriodSeconds()).isEqualTo(kustomize.getTerminationGracePeriodSeconds());
        assertThat(helmCluster.one(ServiceAccount.class, NAME).getAutomountServiceAccountToken()).isTrue();

        var preferred = helm.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        assertThat(preferred).singleElement().satisfies(term -> {
            assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                    .isEqualTo(helmCluster.deployment().getSpec().getSelector().getMatchLabels());
        });
    }

    @Test
    void valuesReachTheDeployment() {
        Manifests custom = template(t -> t
                .set("image.repository", "registry.example/milvus-alias-operator")
                .set("image.tag", "1.2.3")
                .set("replicas", "3")
                .set("resyncInterval", "1m")
                .set("deletionTimeout", "30m")
                .set("nodeSelector.kubernetes\\.io/os", "linux")
                .set("tolerations[0].key", "dedicated")
                .set("tolerations[0].operator", "Exists")
                .set("affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                        + ".nodeSelectorTerms[0].matchExpressions[0].key", "pool")
                .set("affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                        + ".nodeSelectorTerms[0].matchExpressions[0].operator", "Exists"));
        var container = custom.operatorContainer();
        assertThat(container.getImage()).isEqualTo("registry.example/milvus-alias-operator:1.2.3");
        assertThat(env(container, "MILVUS_ALIAS_RESYNC_INTERVAL").getValue()).isEqualTo("1m");
        assertThat(env(container, "MILVUS_ALIAS_DELETION_TIMEOUT").getValue()).isEqualTo("30m");
        assertThat(env(container, "MILVUS_ALIAS_LEADER_ELECTION_ENABLED").getValue()).isEqualTo("true");
        PodSpec pod = custom.deployment().getSpec().getTemplate().getSpec();
        assertThat(custom.deployment().getSpec().getReplicas()).isEqualTo(3);
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("kubernetes.io/os", "linux"));
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
        // An explicit affinity replaces the default spreading.
        assertThat(pod.getAffinity().getPodAntiAffinity()).isNull();
        assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
    }

    @Test
    void leaderElectionCanBeTurnedOffOnlyForOneReplica() {
        Manifests single = template(t -> t.set("replicas", "1").set("leaderElection.enabled", "false"));
        assertThat(env(single.operatorContainer(), "MILVUS_ALIAS_LEADER_ELECTION_ENABLED").getValue()).isEqualTo("false");
        assertThat(env(single.operatorContainer(), "MILVUS_ALIAS_LEADER_ELECTION_LEASE_NAME").getValue()).isEqualTo(NAME);

        assertThatThrownBy(() -> template(t -> t.set("leaderElection.enabled", "false")))
                .hasMessageContaining("replicas > 1 needs leaderElection.enabled=true");
    }

    // ---- metrics ----

    @Test
    void metricsServiceMatchesKustomize() {
        Service helm = helmCluster.one(Service.class, NAME + "-metrics");
        Service kustomize = kustomizeCluster.one(Service.class, NAME + "-metrics");
        assertThat(helm.getSpec().getPorts()).isEqualTo(kustomize.getSpec().getPorts());
        assertThat(helmCluster.deployment().getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(helm.getSpec().getSelector());
    }

    @Test
    void serviceMonitorOnlyWhenEnabled() {
        assertThat(helmCluster.ofKind("ServiceMonitor")).isEmpty();

        Manifests monitored = template(t -> t.set("serviceMonitor.enabled", "true")
                .set("serviceMonitor.interval", "15s")
                .set("serviceMonitor.labels.release", "kube-prometheus-stack"));
        assertThat(monitored.ofKind("ServiceMonitor")).singleElement().satisfies(monitor -> {
            assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
            assertThat(monitor.getMetadata().getNamespace()).isEqualTo(OPERATOR_NAMESPACE);
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
            Map<String, Object> spec = monitor.get("spec");
            @SuppressWarnings("unchecked")
            Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector"))
                    .get("matchLabels");
            assertThat(monitored.one(Service.class, NAME + "-metrics").getMetadata().getLabels())
                    .containsAllEntriesOf(selector);
            assertThat((List<?>) spec.get("endpoints")).singleElement().isEqualTo(
                    Map.of("port", "http-metrics", "path", "/q/metrics", "interval", "15s"));
        });
    }

    @Test
    void monitoringKitIsOffByDefault() {
        assertThat(helmCluster.ofKind("ServiceMonitor")).isEmpty();
        assertThat(helmCluster.ofKind("PrometheusRule")).isEmpty();
        assertThat(helmCluster.ofType(ConfigMap.class)).isEmpty();
    }

    @Test
    void alertsAreTheKustomizeAlertsWithTheReleasesLabels() throws Exception {
        Manifests helm = template(t -> withMonitoringKit(t).set("prometheusRule.labels.release", "kube-prometheus-stack"));
        Manifests kustomize = Manifests.kustomizeWithComponents(DEPLOY, DeployManifestsTest.MONITORING);
        GenericKubernetesResource rule = helm.ofKind("PrometheusRule").get(0);
        assertThat(rule.getMetadata().getNamespace()).isEqualTo(OPERATOR_NAMESPACE);
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack")
                .containsEntry("app.kubernetes.io/instance", NAME);
        assertThat(rule.<Object>get("spec")).isEqualTo(kustomize.ofKind("PrometheusRule").get(0).get("spec"));
        // The templates in the annotations reach Prometheus as written, not expanded by Helm.
        assertThat(runbookUrls(rule)).allMatch(url -> url.startsWith("README.md#"));
        assertThat(rule.<List<Map<String, Object>>>get("spec", "groups").get(0).get("rules").toString())
                .contains("{{ $labels.reason }}", "{{ $value | humanizePercentage }}");
    }

    @Test
    void runbookBaseUrlMakesEveryRunbookUrlAbsolute() {
        Manifests helm = template(t -> withMonitoringKit(t)
                .set("prometheusRule.runbookBaseUrl", "https://git.example.com/ops/milvus-alias-operator/blob/v1/"));
        assertThat(runbookUrls(helm.ofKind("PrometheusRule").get(0))).hasSize(6)
                .allMatch(url -> url.matches("https://git\\.example\\.com/ops/milvus-alias-operator/blob/v1/README\\.md#milvusalias\\w+"));
    }

    @Test
    void dashboardConfigMapCarriesTheSidecarLabelAndTheKustomizeDashboard() throws Exception {
        Manifests helm = template(HelmChartTest::withMonitoringKit);
        ConfigMap dashboard = helm.one(ConfigMap.class, NAME + "-dashboard");
        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo(OPERATOR_NAMESPACE);
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(dashboard.getData().get("milvus-alias-operator.json"))
                .isEqualTo(java.nio.file.Files.readString(dev.milvusalias.monitoring.MonitoringKit.DASHBOARD).strip());

        ConfigMap custom = template(t -> withMonitoringKit(t)
                .set("grafanaDashboard.labels.grafana_dashboard", "milvus")
                .set("grafanaDashboard.annotations.grafana_folder", "Milvus")
                .set("grafanaDashboard.namespace", "monitoring")).one(ConfigMap.class, NAME + "-dashboard");
        assertThat(custom.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(custom.getMetadata().getLabels()).containsEntry("grafana_dashboard", "milvus");
        assertThat(custom.getMetadata().getAnnotations()).containsExactly(Map.entry("grafana_folder", "Milvus"));
    }

    @Test
    void serviceMonitorScrapesWhatTheKustomizeOneScrapes() throws Exception {
        GenericKubernetesResource helm = template(HelmChartTest::withMonitoringKit).ofKind("ServiceMonitor").get(0);
        GenericKubernetesResource kustomize = Manifests.kustomizeWithComponents(DEPLOY, DeployManifestsTest.MONITORING)
                .ofKind("ServiceMonitor").get(0);
        assertThat(helm.<Object>get("spec", "endpoints")).isEqualTo(kustomize.get("spec", "endpoints"));
        assertThat(helm.<Object>get("spec", "namespaceSelector")).isEqualTo(kustomize.get("spec", "namespaceSelector"));
    }

    private static TemplateCommand withMonitoringKit(TemplateCommand command) {
        return command.set("serviceMonitor.enabled", "true").set("prometheusRule.enabled", "true")
                .set("grafanaDashboard.enabled", "true");
    }

    private static List<String> runbookUrls(GenericKubernetesResource rule) {
        List<String> urls = new java.util.ArrayList<>();
        for (Map<String, Object> group : rule.<List<Map<String, Object>>>get("spec", "groups")) {
            @SuppressWarnings("unchecked")
            List<Map<String, Map<String, String>>> rules = (List<Map<String, Map<String, String>>>) group.get("rules");
            rules.forEach(r -> urls.add(r.get("annotations").get("runbook_url")));
        }
        return urls;
    }

    // ---- helpers ----

    /** "namespace/name" (or "name" for ClusterRoles) to grants, for every Role and ClusterRole. */
    private static Map<String, Set<String>> rolesByName(Manifests manifests) {
        Map<String, Set<String>> roles = new java.util.TreeMap<>();
        for (ClusterRole role : manifests.ofType(ClusterRole.class)) {
            roles.put(role.getMetadata().getName(), new TreeSet<>(grants(role.getRules())));
        }
        for (Role role : manifests.ofType(Role.class)) {
            roles.put(role.getMetadata().getNamespace() + "/" + role.getMetadata().getName(),
                    new TreeSet<>(grants(role.getRules())));
        }
        return roles;
    }

    private static void assertBindingsPointAtTheOperator(Manifests manifests) {
        var subjects = new java.util.ArrayList<io.fabric8.kubernetes.api.model.rbac.Subject>();
        manifests.ofType(ClusterRoleBinding.class).forEach(b -> {
            assertThat(manifests.find(ClusterRole.class, b.getRoleRef().getName())).isPresent();
            subjects.addAll(b.getSubjects());
        });
        manifests.ofType(RoleBinding.class).forEach(b -> {
            assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(manifests.ofType(Role.class)).anyMatch(r -> r.getMetadata().getName()
                    .equals(b.getRoleRef().getName())
                    && r.getMetadata().getNamespace().equals(b.getMetadata().getNamespace()));
            subjects.addAll(b.getSubjects());
        });
        assertThat(subjects).isNotEmpty().allSatisfy(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(NAME);
            assertThat(s.getNamespace()).isEqualTo(OPERATOR_NAMESPACE);
        });
    }
}
