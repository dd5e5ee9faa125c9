package dev.milvusalias.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Evaluates the CEL rules of the committed MilvusAlias CRD with a CEL implementation, the way the
 * API server applies them: rules that mention oldSelf only on update, and only where the field
 * exists before and after. The fabric8 mock server ignores CEL, so this is the test that proves the
 * immutability and consistency rules a real cluster enforces.
 */
class CrdCelRulesTest {

    private static final CrdValidation CRD = CrdValidation.of(Path.of("crds/milvusaliases.milvus.io.yaml"));

    @Test
    void theCrdCarriesTheRules() {
        assertThat(CRD.rules()).extracting(CrdValidation.Rule::path).contains("", "alias", "connectionRef");
    }

    @Test
    void aValidSpecIsAccepted() {
        assertThat(violations(null, spec("products", "products_v1", null, "milvus"))).isEmpty();
    }

    @Test
    void aliasEqualToCollectionIsRejectedOnCreate() {
        assertThat(violations(null, spec("products", "products", null, "milvus")))
                .anyMatch(m -> m.contains("must differ"));
    }

    @Test
    void switchingTheCollectionIsAllowed() {
        assertThat(violations(spec("products", "products_v1", "search", "milvus"),
                spec("products", "products_v2", "search", "milvus"))).isEmpty();
    }

    @Test
    void aliasIsImmutable() {
        assertThat(violations(spec("products", "v1", null, "milvus"), spec("items", "v1", null, "milvus")))
                .anyMatch(m -> m.contains("alias is immutable"));
    }

    @Test
    void connectionRefIsImmutable() {
        assertThat(violations(spec("products", "v1", null, "milvus"), spec("products", "v1", null, "other")))
                .anyMatch(m -> m.contains("connectionRef is immutable"));
    }

    @Test
    void databaseCanBeNeitherChangedNorAddedNorRemoved() {
        assertThat(violations(spec("p", "v1", "a", "m"), spec("p", "v1", "b", "m"))).anyMatch(m -> m.contains("database"));
        assertThat(violations(spec("p", "v1", null, "m"), spec("p", "v1", "b", "m"))).anyMatch(m -> m.contains("database"));
        assertThat(violations(spec("p", "v1", "a", "m"), spec("p", "v1", null, "m"))).anyMatch(m -> m.contains("database"));
        assertThat(violations(spec("p", "v1", "a", "m"), spec("p", "v1", "a", "m"))).isEmpty();
    }

    /** Messages of the rules that reject the change from {@code old} (null on create) to {@code updated}. */
    private static List<String> violations(Map<String, Object> old, Map<String, Object> updated) {
        return CRD.celViolations(old, updated);
    }

    private static Map<String, Object> spec(String alias, String collection, String database, String connection) {
        Map<String, Object> spec = new HashMap<>();
        spec.put("alias", alias);
        spec.put("collectionName", collection);
        spec.put("connectionRef", Map.of("name", connection));
        spec.put("deletionPolicy", "Delete");
        if (database != null) {
            spec.put("database", database);
        }
        return spec;
    }
}
