package dev.milvusalias.deploy;

import static dev.milvusalias.deploy.Manifests.DEPLOY;
import static dev.milvusalias.deploy.Manifests.NAME;
import static dev.milvusalias.deploy.Manifests.OPERATOR_NAMESPACE;
import static dev.milvusalias.deploy.Manifests.grants;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.milvusalias.bench.AotTraining;
import dev.milvusalias.monitoring.MonitoringKit;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;

/**
 * The kustomize manifests (`kubectl kustomize deploy/` and `deploy/overlays/namespaced/`): least-privilege
 * RBAC, a hardened Deployment, and CRD copies identical to the generated crds/.
 */
class DeployManifestsTest {

    /** Everything the operator may do on the objects it manages, in a namespace or cluster-wide. */
    static final Set<String> OPERATOR_GRANTS = Set.of(
            "milvus.io milvusaliases get", "milvus.io milvusaliases list", "milvus.io milvusaliases watch",
            "milvus.io milvusaliases update", "milvus.io milvusaliases patch",
            "milvus.io milvusconnections get", "milvus.io milvusconnections list", "milvus.io milvusconnections watch",
            "milvus.io milvusconnections update", "milvus.io milvusconnections patch",
            "milvus.io milvusaliases/status get", "milvus.io milvusaliases/status update",
            "milvus.io milvusaliases/status patch",
            "milvus.io milvusconnections/status get", "milvus.io milvusconnections/status update",
            "milvus.io milvusconnections/status patch",
            "milvus.io milvusaliases/finalizers update", "milvus.io milvusconnections/finalizers update",
            "core secrets get",
            "core events create", "core events patch");

    /** Cluster mode only: the cluster-scoped ClusterMilvusConnection, and namespace labels for its allowedNamespaces. */
    static final Set<String> CLUSTER_CONNECTION_GRANTS = Set.of(
            "milvus.io clustermilvusconnections get", "milvus.io clustermilvusconnections list",
            "milvus.io clustermilvusconnections watch", "milvus.io clustermilvusconnections update",
            "milvus.io clustermilvusconnections patch",
            "milvus.io clustermilvusconnections/status get", "milvus.io clustermilvusconnections/status update",
            "milvus.io clustermilvusconnections/status patch",
            "milvus.io clustermilvusconnections/finalizers update",
            "core namespaces get", "core namespaces list", "core namespaces watch");

    /** The ClusterRole of cluster mode. */
    static final Set<String> CLUSTER_ROLE_GRANTS = union(OPERATOR_GRANTS, CLUSTER_CONNECTION_GRANTS);

    /** The Role in the operator's own namespace: its Lease, and creating and reading the status seal key. */
    static final Set<String> LEADER_ELECTION_GRANTS = Set.of(
            "coordination.k8s.io leases get", "coordination.k8s.io leases create", "coordination.k8s.io leases update",
            "core secrets create", "core secrets get [milvus-alias-status-key]");

    static final Path NAMESPACED_OVERLAY = DEPLOY.resolve("overlays/namespaced");

    private static Manifests cluster;
    private static Manifests namespaced;

    @BeforeAll
    static void render() throws IOException, InterruptedException {
        cluster = Manifests.kustomize(DEPLOY);
        namespaced = Manifests.kustomize(NAMESPACED_OVERLAY);
    }

    // ---- what gets installed ----

    @Test
    void clusterModeInstallsExactlyTheseObjects() {
        assertThat(cluster.ids()).containsExactlyInAnyOrder(
                "Namespace milvus-alias-system",
                "CustomResourceDefinition milvusaliases.milvus.io",
                "CustomResourceDefinition milvusconnections.milvus.io",
                "CustomResourceDefinition clustermilvusconnections.milvus.io",
                "ServiceAccount milvus-alias-system/milvus-alias-operator",
                "ClusterRole milvus-alias-operator",
                "ClusterRoleBinding milvus-alias-operator",
                "Role milvus-alias-system/milvus-alias-operator-leader-election",
                "RoleBinding milvus-alias-system/milvus-alias-operator-leader-election",
                "Deployment milvus-alias-system/milvus-alias-operator",
                "Service milvus-alias-system/milvus-alias-operator-metrics");
    }

    @Test
    void namespacedModeSwapsClusterRolesForRolesInEachWatchedNamespace() {
        assertThat(namespaced.ids()).containsExactlyInAnyOrder(
                "Namespace milvus-alias-system",
                "CustomResourceDefinition milvusaliases.milvus.io",
                "CustomResourceDefinition milvusconnections.milvus.io",
                "CustomResourceDefinition clustermilvusconnections.milvus.io",
                "ServiceAccount milvus-alias-system/milvus-alias-operator",
                "Role milvus-alias-system/milvus-alias-operator-leader-election",
                "RoleBinding milvus-alias-system/milvus-alias-operator-leader-election",
                "Role team-a/milvus-alias-operator",
                "RoleBinding team-a/milvus-alias-operator",
                "Role team-b/milvus-alias-operator",
                "RoleBinding team-b/milvus-alias-operator",
                "Deployment milvus-alias-system/milvus-alias-operator",
                "Service milvus-alias-system/milvus-alias-operator-metrics");
    }

    @Test
    void everyFieldIsKnownToTheKubernetesModel() {
        assertThat(cluster.unknownFields()).isEmpty();
        assertThat(namespaced.unknownFields()).isEmpty();
    }

    // ---- RBAC ----

    @Test
    void clusterRolesGrantExactlyTheLeastPrivilegeSet() {
        assertThat(grants(cluster.one(ClusterRole.class, NAME).getRules()))
                .containsExactlyInAnyOrderElementsOf(CLUSTER_ROLE_GRANTS);
        assertThat(grants(cluster.one(Role.class, NAME + "-leader-election").getRules()))
                .containsExactlyInAnyOrderElementsOf(LEADER_ELECTION_GRANTS);
    }

    @Test
    void namespacedRolesGrantTheSameRulesAsTheClusterRole() {
        for (Role role : namespaced.ofType(Role.class)) {
            Set<String> expected = role.getMetadata().getName().endsWith("-leader-election")
                    ? LEADER_ELECTION_GRANTS
                    : OPERATOR_GRANTS;
            assertThat(grants(role.getRules())).as("Role %s/%s", role.getMetadata().getNamespace(),
                    role.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void noRuleUsesWildcardsOrWritesSecretsButTheSealKey() {
        for (Manifests manifests : List.of(cluster, namespaced)) {
            Set<String> all = allGrants(manifests);
            assertThat(all).isNotEmpty().noneMatch(g -> g.contains("*"));
            // Creating a Secret cannot be limited by name: only the Role in the operator's namespace may, for the key.
            assertThat(all).filteredOn(g -> g.startsWith("core secrets "))
                    .as("Secrets are read by name only; the one write is the seal key's create")
                    .containsExactlyInAnyOrder("core secrets get", "core secrets create",
                            "core secrets get [milvus-alias-status-key]");
            // Nothing beyond the managed kinds, their subresources, secrets, events, leases and the CRD check.
            Set<String> resources = all.stream().map(g -> g.split(" ")[0] + " " + g.split(" ")[1])
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(resources).isSubsetOf(
                    "milvus.io milvusaliases", "milvus.io milvusconnections", "milvus.io clustermilvusconnections",
                    "milvus.io milvusaliases/status", "milvus.io milvusconnections/status",
                    "milvus.io clustermilvusconnections/status",
                    "milvus.io milvusaliases/finalizers", "milvus.io milvusconnections/finalizers",
                    "milvus.io clustermilvusconnections/finalizers",
                    "core secrets", "core events", "core namespaces", "coordination.k8s.io leases");
            assertThat(all).filteredOn(g -> g.startsWith("core namespaces "))
                    .as("namespace labels are only read").allMatch(g -> g.matches("core namespaces (get|list|watch)"));
        }
        assertThat(allGrants(namespaced)).as("namespaced mode has no cluster-scoped reads")
                .doesNotContainAnyElementsOf(CLUSTER_CONNECTION_GRANTS);
    }

    @Test
    void everyBindingGivesItsRoleToTheOperatorServiceAccountOnly() {
        for (Manifests manifests : List.of(cluster, namespaced)) {
            ServiceAccount account = manifests.one(ServiceAccount.class, NAME);
            assertThat(account.getMetadata().getNamespace()).isEqualTo(OPERATOR_NAMESPACE);
            assertThat(account.getAutomountServiceAccountToken()).isTrue();

            for (ClusterRoleBinding binding : manifests.ofType(ClusterRoleBinding.class)) {
                assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
                assertThat(manifests.find(ClusterRole.class, binding.getRoleRef().getName())).isPresent();
                assertOperatorIsTheOnlySubject(binding.getSubjects());
            }
            for (RoleBinding binding : manifests.ofType(RoleBinding.class)) {
                assertThat(binding.getRoleRef().getKind()).as("RoleBindings bind Roles, never ClusterRoles")
                        .isEqualTo("Role");
                Role role = manifests.ofType(Role.class).stream()
                        .filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName()))
                        .filter(r -> r.getMetadata().getNamespace().equals(binding.getMetadata().getNamespace()))
                        .findFirst().orElseThrow(() -> new AssertionError("no Role for " + binding.getMetadata()));
                assertThat(role).isNotNull();
                assertOperatorIsTheOnlySubject(binding.getSubjects());
            }
        }
    }

    @Test
    void namespacedModeWatchesExactlyTheNamespacesThatHaveRoles() {
        Set<String> watched = Arrays.stream(env(namespaced.operatorContainer(), "QUARKUS_OPERATOR_SDK_NAMESPACES")
                .getValue().split(",")).map(String::strip).collect(Collectors.toSet());
        Set<String> withRole = new HashSet<>();
        for (Role role : namespaced.ofType(Role.class)) {
            if (role.getMetadata().getName().equals(NAME)) {
                withRole.add(role.getMetadata().getNamespace());
            }
        }
        assertThat(env(namespaced.operatorContainer(), "MILVUS_ALIAS_CLUSTER_CONNECTIONS_ENABLED").getValue())
                .as("no cluster-wide rights, so no ClusterMilvusConnection").isEqualTo("false");
        assertThat(cluster.operatorContainer().getEnv()).extracting(EnvVar::getName)
                .doesNotContain("MILVUS_ALIAS_CLUSTER_CONNECTIONS_ENABLED");
        assertThat(watched).as("QUARKUS_OPERATOR_SDK_NAMESPACES in %s/watched-namespaces.yaml vs. the namespaces "
                + "listed in its kustomization.yaml", NAMESPACED_OVERLAY).isEqualTo(withRole)
                .containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(cluster.operatorContainer().getEnv()).extracting(EnvVar::getName)
                .as("cluster mode watches all namespaces").doesNotContain("QUARKUS_OPERATOR_SDK_NAMESPACES");
    }

    // ---- the Deployment ----

    @Test
    void deploymentRunsTwoHardenedReplicas() {
        for (Manifests manifests : List.of(cluster, namespaced)) {
            var deployment = manifests.deployment();
            assertThat(deployment.getMetadata().getNamespace()).isEqualTo(OPERATOR_NAMESPACE);
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getServiceAccountName()).isEqualTo(NAME);
            assertThat(pod.getAutomountServiceAccountToken()).isTrue();
            assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
            assertThat(pod.getHostNetwork()).isNull();

            var podSecurity = pod.getSecurityContext();
            assertThat(podSecurity.getRunAsNonRoot()).isTrue();
            assertThat(podSecurity.getRunAsUser()).isEqualTo(185L);
            assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

            Container container = manifests.operatorContainer();
            var security = container.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).isTrue();
            assertThat(security.getReadOnlyRootFilesystem()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).isFalse();
            assertThat(security.getPrivileged()).isNull();
            assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();

            // The JVM and the SDK write temporary files; /tmp is the one writable place.
            assertThat(container.getVolumeMounts()).singleElement().satisfies(mount -> {
                assertThat(mount.getMountPath()).isEqualTo("/tmp");
                assertThat(pod.getVolumes()).singleElement().satisfies(volume -> {
                    assertThat(volume.getName()).isEqualTo(mount.getName());
                    assertThat(volume.getEmptyDir()).isNotNull();
                });
            });

            assertThat(container.getResources().getRequests())
                    .containsOnly(Map.entry("cpu", new Quantity("100m")), Map.entry("memory", new Quantity("256Mi")));
            assertThat(container.getResources().getLimits()).containsOnly(Map.entry("memory", new Quantity("512Mi")));
            assertThat(container.getImage()).isEqualTo("milvus-alias-operator:0.1.0");

            var antiAffinity = pod.getAffinity().getPodAntiAffinity();
            assertThat(antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
            assertThat(antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement()
                    .satisfies(term -> {
                        assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                        assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
                    });
        }
    }

    @Test
    void probesAskQuarkusHealthOnPort8080() {
        Container container = cluster.operatorContainer();
        assertHttpProbe(container, container.getLivenessProbe(), "/q/health/live");
        assertHttpProbe(container, container.getReadinessProbe(), "/q/health/ready");
        assertHttpProbe(container, container.getStartupProbe(), "/q/health/started");
    }

    @Test
    void environmentCarriesSettingsAndLeaderElection() {
        Container container = cluster.operatorContainer();
        assertThat(env(container, "MILVUS_ALIAS_RESYNC_INTERVAL").getValue()).isEqualTo("5m");
        assertThat(env(container, "MILVUS_ALIAS_CONNECT_TIMEOUT").getValue()).isEqualTo("5s");
        assertThat(env(container, "MILVUS_ALIAS_CALL_TIMEOUT").getValue()).isEqualTo("10s");
        assertThat(env(container, "MILVUS_ALIAS_SECRET_CACHE_TTL").getValue()).isEqualTo("30s");
        assertThat(env(container, "MILVUS_ALIAS_DELETION_TIMEOUT").getValue()).isEmpty();
        // Two replicas need leader election: on, with the Lease in the pod's namespace (POD_NAMESPACE) and each
        // replica named after its pod (POD_NAME), the defaults of milvus-alias.leader-election.*.
        assertThat(env(container, "MILVUS_ALIAS_LEADER_ELECTION_ENABLED").getValue()).isEqualTo("true");
        assertThat(env(container, "MILVUS_ALIAS_LEADER_ELECTION_LEASE_NAME").getValue()).isEqualTo(NAME);
        assertThat(env(container, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(env(container, "POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        // ClusterMilvusConnection Secrets are read from the operator's own namespace.
        assertThat(env(container, "MILVUS_ALIAS_OPERATOR_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(container.getEnv()).extracting(EnvVar::getName)
                .as("QOSDK has no such properties; leader election is configured by milvus-alias.leader-election.*")
                .noneMatch(name -> name.startsWith("QUARKUS_OPERATOR_SDK_LEADER_ELECTION"));
        assertThat(container.getEnv()).extracting(EnvVar::getName).doesNotHaveDuplicates();
    }

    @Test
    void metricsServiceSelectsTheOperatorPodsOnPort8080() {
        Service service = cluster.one(Service.class, NAME + "-metrics");
        var pod = cluster.deployment().getSpec().getTemplate();
        assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http-metrics");
            assertThat(port.getPort()).isEqualTo(8080);
            assertThat(containerPort(cluster.operatorContainer(), port.getTargetPort().getStrVal())).isEqualTo(8080);
        });
    }

    @Test
    void imageMatchesWhatThePodExpects() throws IOException {
        // No container engine here to build it; at least the Dockerfile and the Deployment agree.
        String dockerfile = java.nio.file.Files.readString(Path.of("Dockerfile"));
        long uid = cluster.deployment().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
        assertThat(dockerfile).containsPattern("(?m)^USER " + uid + "(:\\d+)?$")
                .containsPattern("(?m)^EXPOSE " + containerPort(cluster.operatorContainer(), "http") + "$")
                .contains("-Djava.io.tmpdir=/tmp", "-XX:AOTCache=app.aot", "-jar quarkus-run.jar")
                .containsPattern("(?m)^WORKDIR /deployments$")
                // the AOT cache is trained on the runtime stage itself (same JVM and files), by the class that
                // trains make bench's, reading the flags and memory limit from the files it copies in
                .containsPattern("(?m)^FROM eclipse-temurin:\\d+-jre AS runtime$")
                .containsPattern("(?m)^FROM runtime AS aot-training$")
                .contains("COPY Dockerfile ./", "COPY deploy/base/deployment.yaml deploy/base/", "COPY crds/ crds/")
                .containsPattern("(?m)^RUN java [^\\n]*\\\\\\n\\s+-cp \\S+ " + AotTraining.class.getName()
                        + " /deployments/quarkus-run.jar$")
                .containsPattern("(?m)^FROM runtime\\nCOPY --from=aot-training /deployments/app.aot /deployments/app.aot$")
                .contains("target/quarkus-app/lib/", "target/quarkus-app/app/", "target/quarkus-app/quarkus/",
                        "target/quarkus-app/quarkus-run.jar");
    }

    @Test
    void theBuildContextHoldsEveryFileTheDockerfileCopies() throws IOException {
        // .dockerignore leaves everything out but what it names with "!": a COPY of anything else fails the build.
        Set<String> included = java.nio.file.Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(line -> line.startsWith("!")).map(line -> normalize(line.substring(1)))
                .collect(Collectors.toSet());
        List<String> copied = java.util.regex.Pattern.compile("(?m)^COPY (?!--from)(\\S+) ")
                .matcher(java.nio.file.Files.readString(Path.of("Dockerfile"))).results().map(m -> normalize(m.group(1)))
                .toList();
        assertThat(copied).contains("pom.xml", "src", "Dockerfile", "deploy/base/deployment.yaml", "crds");
        assertThat(included).containsAll(copied);
    }

    private static String normalize(String path) {
        return path.replaceFirst("^\\./", "").replaceFirst("/$", "");
    }

    // ---- CRD copies ----

    @Test
    void crdCopiesAreIdenticalToTheGeneratedCrds() throws IOException {
        Map<String, String> generated = Manifests.yamlFiles(Path.of("crds"));
        assertThat(generated).containsOnlyKeys("milvusaliases.milvus.io.yaml", "milvusconnections.milvus.io.yaml",
                "clustermilvusconnections.milvus.io.yaml");
        for (Path copy : List.of(DEPLOY.resolve("crds"), DEPLOY.resolve("helm/milvus-alias-operator/crds"))) {
            Map<String, String> copied = Manifests.yamlFiles(copy);
            Set<String> differing = new TreeSet<>(generated.keySet());
            differing.addAll(copied.keySet());
            differing.removeIf(name -> Objects.equals(generated.get(name), copied.get(name)));
            assertThat(differing)
                    .withFailMessage("%s differs from crds/ in %s; run `make manifests` (or `cp crds/*.yaml %s/`) "
                            + "and commit the result", copy, differing, copy)
                    .isEmpty();
        }
    }

    @Test
    void bothModesInstallTheCrds() {
        for (Manifests manifests : List.of(cluster, namespaced)) {
            assertThat(manifests.crds()).extracting(crd -> crd.getSpec().getNames().getKind())
                    .containsExactlyInAnyOrder("MilvusAlias", "MilvusConnection", "ClusterMilvusConnection");
        }
    }

    // ---- monitoring kit (optional components) ----

    static final List<Path> MONITORING = List.of(DEPLOY.resolve("components/prometheus"),
            DEPLOY.resolve("components/grafana-dashboard"));

    @Test
    void monitoringComponentsAddTheServiceMonitorAlertsAndDashboardToEitherMode() throws Exception {
        for (Path base : List.of(DEPLOY, NAMESPACED_OVERLAY)) {
            Manifests plain = base.equals(DEPLOY) ? cluster : namespaced;
            Manifests monitored = Manifests.kustomizeWithComponents(base, MONITORING);
            Set<String> added = new TreeSet<>(monitored.ids());
            added.removeAll(plain.ids());
            assertThat(added).as("monitoring of %s", base).containsExactlyInAnyOrder(
                    "ServiceMonitor milvus-alias-system/milvus-alias-operator",
                    "PrometheusRule milvus-alias-system/milvus-alias-operator",
                    "ConfigMap milvus-alias-system/milvus-alias-operator-dashboard");
            assertThat(monitored.unknownFields()).isEmpty();
        }
    }

    @Test
    void serviceMonitorScrapesTheMetricsServiceAndTheDashboardIsLabelledForTheSidecar() throws Exception {
        Manifests monitored = Manifests.kustomizeWithComponents(DEPLOY, MONITORING);
        var monitor = monitored.ofKind("ServiceMonitor").get(0);
        Map<String, Object> spec = monitor.get("spec");
        assertThat(cluster.one(Service.class, NAME + "-metrics").getMetadata().getLabels())
                .containsAllEntriesOf(monitor.get("spec", "selector", "matchLabels"));
        assertThat(monitor.<List<String>>get("spec", "namespaceSelector", "matchNames")).containsExactly(OPERATOR_NAMESPACE);
        assertThat((List<?>) spec.get("endpoints")).singleElement().isEqualTo(
                Map.of("port", "http-metrics", "path", "/q/metrics", "interval", "30s"));

        var dashboard = monitored.one(io.fabric8.kubernetes.api.model.ConfigMap.class, NAME + "-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getData()).containsOnlyKeys("milvus-alias-operator.json");
        assertThat(dashboard.getData().get("milvus-alias-operator.json"))
                .isEqualTo(java.nio.file.Files.readString(MonitoringKit.DASHBOARD));

        var rule = monitored.ofKind("PrometheusRule").get(0);
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.<List<?>>get("spec", "groups")).singleElement()
                .satisfies(group -> assertThat((List<?>) ((Map<?, ?>) group).get("rules")).hasSize(6));
    }

    @Test
    void chartCopiesOfTheAlertsAndDashboardAreIdentical() throws IOException {
        // Helm can only read files inside the chart: it ships copies (`make manifests` refreshes them).
        assertThat(MonitoringKit.CHART_RULES).as("run `make manifests`").hasSameTextualContentAs(MonitoringKit.RULES);
        assertThat(MonitoringKit.CHART_DASHBOARD).as("run `make manifests`")
                .hasSameTextualContentAs(MonitoringKit.DASHBOARD);
    }

    // ---- helpers ----

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static Set<String> allGrants(Manifests manifests) {
        Set<String> all = new TreeSet<>();
        manifests.ofType(ClusterRole.class).forEach(r -> all.addAll(grants(r.getRules())));
        manifests.ofType(Role.class).forEach(r -> all.addAll(grants(r.getRules())));
        return all;
    }

    private static void assertOperatorIsTheOnlySubject(List<Subject> subjects) {
        assertThat(subjects).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(NAME);
            assertThat(subject.getNamespace()).isEqualTo(OPERATOR_NAMESPACE);
        });
    }

    static void assertHttpProbe(Container container, Probe probe, String path) {
        assertThat(probe).as("probe for %s", path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        var port = probe.getHttpGet().getPort();
        int number = port.getIntVal() != null ? port.getIntVal() : containerPort(container, port.getStrVal());
        assertThat(number).isEqualTo(8080);
    }

    static int containerPort(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name)).getContainerPort();
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env var " + name + " in " + container.getEnv()));
    }
}
