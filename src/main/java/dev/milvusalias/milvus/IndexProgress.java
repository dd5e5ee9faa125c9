package dev.milvusalias.milvus;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How far the indexes of a collection's vector fields are built, one entry per vector field of its
 * schema (in schema order). A collection can be loaded and searched before this is complete: flushed
 * data without a finished index is searched by brute force, which is slow.
 */
public record IndexProgress(List<VectorIndex> vectorFields) {

    public IndexProgress {
        vectorFields = List.copyOf(vectorFields);
    }

    /** True when every vector field has an index whose build is finished with nothing pending. */
    public boolean fullyBuilt() {
        return vectorFields.stream().allMatch(VectorIndex::fullyBuilt);
    }

    /** The vector fields whose index is missing or not fully built. */
    public List<VectorIndex> notBuilt() {
        return vectorFields.stream().filter(v -> !v.fullyBuilt()).toList();
    }

    /**
     * The fields for a status message, separated by {@code "; "}, e.g.
     * {@code vector: index vector IN_PROGRESS, 900/1000 rows indexed, 100 pending}.
     */
    public String summary() {
        return vectorFields.stream().map(VectorIndex::toString).collect(Collectors.joining("; "));
    }
}
