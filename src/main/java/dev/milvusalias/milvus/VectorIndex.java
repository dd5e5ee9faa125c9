package dev.milvusalias.milvus;

/**
 * The index on one vector field and its build progress, as Milvus' DescribeIndex reports it.
 *
 * <p>The numbers cover flushed segments only (growing and sealed data are in neither), so they lag
 * behind the collection's row count; {@code indexedRows} can exceed {@code totalRows} after a
 * compaction. Milvus computes {@code state} only over the segments that existed when the index was
 * created, so {@link IndexBuildState#FINISHED} with pending rows is normal after later flushes:
 * only {@link #fullyBuilt()} means "nothing left to build".
 *
 * @param field       the vector field
 * @param indexName   the index name, empty when the field has no index
 * @param state       the build state; {@link IndexBuildState#NO_INDEX} when the field has no index
 * @param indexedRows rows whose index is built
 * @param totalRows   rows of the flushed segments the index covers
 * @param pendingRows rows of flushed segments still waiting for their index
 * @param failReason  Milvus' reason when the state is {@link IndexBuildState#FAILED}, else empty
 */
public record VectorIndex(String field, String indexName, IndexBuildState state, long indexedRows, long totalRows,
        long pendingRows, String failReason) {

    /** A vector field without any index. */
    public static VectorIndex missing(String field) {
        return new VectorIndex(field, "", IndexBuildState.NO_INDEX, 0, 0, 0, "");
    }

    public VectorIndex {
        indexName = indexName == null ? "" : indexName;
        failReason = failReason == null ? "" : failReason;
    }

    /** Whether the field has an index at all. */
    public boolean exists() {
        return state != IndexBuildState.NO_INDEX;
    }

    /** The build is finished and no flushed rows are waiting for it. */
    public boolean fullyBuilt() {
        return state == IndexBuildState.FINISHED && pendingRows == 0;
    }

    @Override
    public String toString() {
        if (!exists()) {
            return field + ": no index";
        }
        return field + ": index " + indexName + " " + state + ", " + indexedRows + "/" + totalRows
                + " rows indexed, " + pendingRows + " pending" + (failReason.isEmpty() ? "" : " (" + failReason + ")");
    }
}
