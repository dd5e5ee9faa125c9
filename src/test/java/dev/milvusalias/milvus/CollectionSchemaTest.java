package dev.milvusalias.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.milvusalias.milvus.CollectionSchema.Field;

class CollectionSchemaTest {

    private static final Field ID = new Field("id", "Int64", 0);
    private static final Field VEC8 = new Field("vector", "FloatVector", 8);
    private static final CollectionSchema BASE = new CollectionSchema(ID, List.of(VEC8));

    @Test
    void sameKeyAndVectorsAreCompatible() {
        assertThat(CollectionSchema.firstDifference("a", BASE, "b", new CollectionSchema(ID, List.of(VEC8)))).isEmpty();
    }

    @Test
    void primaryKeyTypeMatters() {
        CollectionSchema varcharKey = new CollectionSchema(new Field("id", "VarChar", 0), List.of(VEC8));
        assertThat(CollectionSchema.firstDifference("a", BASE, "b", varcharKey)).hasValueSatisfying(
                m -> assertThat(m).contains("primary key").contains("Int64").contains("VarChar"));
    }

    @Test
    void dimensionMatters() {
        CollectionSchema wide = new CollectionSchema(ID, List.of(new Field("vector", "FloatVector", 16)));
        assertThat(CollectionSchema.firstDifference("a", BASE, "b", wide)).hasValueSatisfying(
                m -> assertThat(m).contains("dim=8").contains("dim=16"));
    }

    @Test
    void missingOrExtraVectorFieldsMatter() {
        CollectionSchema renamed = new CollectionSchema(ID, List.of(new Field("embedding", "FloatVector", 8)));
        assertThat(CollectionSchema.firstDifference("a", BASE, "b", renamed)).hasValueSatisfying(
                m -> assertThat(m).contains("vector field vector of a is missing in b"));
        CollectionSchema extra = new CollectionSchema(ID, List.of(VEC8, new Field("sparse", "SparseFloatVector", 0)));
        assertThat(CollectionSchema.firstDifference("a", BASE, "b", extra)).hasValueSatisfying(
                m -> assertThat(m).contains("sparse"));
    }
}
