package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import dev.milvusalias.api.ClusterMilvusConnection;
import dev.milvusalias.api.NamespaceSelector;
import dev.milvusalias.api.SelectorRequirement;
import dev.milvusalias.api.SelectorRequirement.Operator;

/** spec.allowedNamespaces: Kubernetes label-selector semantics, and the safe defaults around them. */
class NamespaceAccessTest {

    private static final Map<String, String> SEARCH_PROD = Map.of("team", "search", "env", "prod");

    static Stream<Arguments> selectors() {
        return Stream.of(
                // selector, labels of the namespace, selected?
                Arguments.of("{} selects everything", new NamespaceSelector(), Map.of(), true),
                Arguments.of("empty maps select everything", new NamespaceSelector(Map.of(), List.of()), Map.of(), true),
                Arguments.of("matchLabels equal", labels("team", "search"), SEARCH_PROD, true),
                Arguments.of("matchLabels other value", labels("team", "ads"), SEARCH_PROD, false),
                Arguments.of("matchLabels absent key", labels("tier", "gold"), SEARCH_PROD, false),
                Arguments.of("matchLabels all must hold", new NamespaceSelector(Map.of("team", "search", "env", "dev"), null),
                        SEARCH_PROD, false),
                Arguments.of("In one of", expression("env", Operator.In, "prod", "staging"), SEARCH_PROD, true),
                Arguments.of("In none of", expression("env", Operator.In, "dev"), SEARCH_PROD, false),
                Arguments.of("In needs the label", expression("tier", Operator.In, "gold"), SEARCH_PROD, false),
                Arguments.of("NotIn other value", expression("env", Operator.NotIn, "dev"), SEARCH_PROD, true),
                Arguments.of("NotIn listed value", expression("env", Operator.NotIn, "prod"), SEARCH_PROD, false),
                Arguments.of("NotIn holds for an absent label", expression("tier", Operator.NotIn, "gold"), SEARCH_PROD, true),
                Arguments.of("Exists", expression("team", Operator.Exists), SEARCH_PROD, true),
                Arguments.of("Exists absent", expression("tier", Operator.Exists), SEARCH_PROD, false),
                Arguments.of("DoesNotExist absent", expression("legacy", Operator.DoesNotExist), SEARCH_PROD, true),
                Arguments.of("DoesNotExist present", expression("team", Operator.DoesNotExist), SEARCH_PROD, false),
                Arguments.of("labels AND expressions", new NamespaceSelector(Map.of("team", "search"),
                        List.of(new SelectorRequirement("env", Operator.In, List.of("dev")))), SEARCH_PROD, false),
                Arguments.of("malformed: In without values", expression("env", Operator.In), SEARCH_PROD, false),
                Arguments.of("malformed: NotIn without values (would select all)", expression("x", Operator.NotIn),
                        SEARCH_PROD, false),
                Arguments.of("malformed: Exists with values", expression("team", Operator.Exists, "search"), SEARCH_PROD,
                        false),
                Arguments.of("absent selects nothing", null, SEARCH_PROD, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selectors")
    void matchesLikeAKubernetesLabelSelector(String row, NamespaceSelector selector, Map<String, String> labels,
            boolean selected) {
        assertThat(NamespaceAccess.matches(selector, labels)).isEqualTo(selected);
    }

    @Test
    void absentSelectorAllowsNoNamespaceAndSaysHowToOpenIt() {
        FakeCluster cluster = new FakeCluster().add(TestResources.namespace("team-a", Map.of()));
        ClusterMilvusConnection shared = TestResources.clusterConnection("shared", "http://milvus:19530", null, null);

        assertThat(NamespaceAccess.denial(shared, "team-a", cluster)).hasValueSatisfying(message -> assertThat(message)
                .contains("ClusterMilvusConnection shared allows no namespace", "not set", "{} allows every namespace"));
    }

    @Test
    void emptySelectorAllowsEveryNamespaceEvenBeforeItIsCached() {
        ClusterMilvusConnection shared = TestResources.clusterConnection("shared", "http://milvus:19530", null,
                new NamespaceSelector());

        assertThat(NamespaceAccess.denial(shared, "not-cached-yet", new FakeCluster())).isEmpty();
    }

    @Test
    void labelsComeFromTheNamespaceInTheCache() {
        FakeCluster cluster = new FakeCluster()
                .add(TestResources.namespace("search", Map.of("milvus.io/shared-milvus", "true")))
                .add(TestResources.namespace("ads", Map.of("milvus.io/shared-milvus", "false")));
        ClusterMilvusConnection shared = TestResources.clusterConnection("shared", "http://milvus:19530", null,
                TestResources.matchLabels(Map.of("milvus.io/shared-milvus", "true")));

        assertThat(NamespaceAccess.denial(shared, "search", cluster)).isEmpty();
        assertThat(NamespaceAccess.denial(shared, "ads", cluster)).hasValueSatisfying(message -> assertThat(message)
                .contains("does not allow namespace ads", "milvus.io/shared-milvus=true"));
    }

    @Test
    void aNamespaceNotCachedYetIsRefusedUnderASelector() {
        ClusterMilvusConnection shared = TestResources.clusterConnection("shared", "http://milvus:19530", null,
                expression("env", Operator.NotIn, "prod"));

        // NotIn would match a namespace without labels: unknown must not be read as "no labels".
        assertThat(NamespaceAccess.denial(shared, "fresh", new FakeCluster())).hasValueSatisfying(
                message -> assertThat(message).contains("namespace fresh is not known to the operator yet"));
    }

    @Test
    void everyNamespaceCarriesItsNameLabel() {
        FakeCluster cluster = new FakeCluster().add(TestResources.namespace("team-a", null));
        ClusterMilvusConnection shared = TestResources.clusterConnection("shared", "http://milvus:19530", null,
                TestResources.matchLabels(Map.of(NamespaceAccess.NAME_LABEL, "team-a")));

        assertThat(NamespaceAccess.denial(shared, "team-a", cluster)).isEmpty();
    }

    @Test
    void malformedSelectorAllowsNoNamespaceAndSaysWhy() {
        FakeCluster cluster = new FakeCluster().add(TestResources.namespace("team-a", SEARCH_PROD));
        ClusterMilvusConnection shared = TestResources.clusterConnection("shared", "http://milvus:19530", null,
                expression("env", Operator.In));

        assertThat(NamespaceAccess.denial(shared, "team-a", cluster)).hasValueSatisfying(
                message -> assertThat(message).contains("invalid", "env In needs values"));
    }

    @Test
    void selectorsAreDescribedInKubectlSyntax() {
        NamespaceSelector selector = new NamespaceSelector(Map.of("team", "search"), List.of(
                new SelectorRequirement("env", Operator.In, List.of("prod", "staging")),
                new SelectorRequirement("tier", Operator.NotIn, List.of("free")),
                new SelectorRequirement("managed", Operator.Exists, null),
                new SelectorRequirement("legacy", Operator.DoesNotExist, null)));

        assertThat(NamespaceAccess.describe(selector))
                .isEqualTo("team=search,env in (prod,staging),tier notin (free),managed,!legacy");
    }

    private static NamespaceSelector labels(String key, String value) {
        return TestResources.matchLabels(Map.of(key, value));
    }

    private static NamespaceSelector expression(String key, Operator operator, String... values) {
        return new NamespaceSelector(null, List.of(new SelectorRequirement(key, operator,
                values.length == 0 ? null : List.of(values))));
    }
}
