package dev.milvusalias.emulator;

import io.milvus.grpc.IndexState;

import java.util.Objects;

/**
 * The build progress DescribeIndex reports for one index. Milvus counts flushed segments only, so
 * these numbers are set independently of the collection's row count.
 *
 * @param indexedRows rows whose index is built (may exceed totalRows after a compaction)
 * @param totalRows   rows of the flushed segments
 * @param pendingRows rows of flushed segments whose index is not finished or not created yet
 * @param state       the build state
 * @param failReason  the failure text ("segID: text;") when the state is Failed, else empty
 */
public record IndexBuild(long indexedRows, long totalRows, long pendingRows, IndexState state, String failReason) {

    /**
     * Checks the values.
     *
     * @param indexedRows rows indexed
     * @param totalRows   rows covered
     * @param pendingRows rows waiting
     * @param state       build state, not UNRECOGNIZED
     * @param failReason  failure text or empty
     */
    public IndexBuild {
        Objects.requireNonNull(state, "state");
        if (state == IndexState.UNRECOGNIZED) {
            throw new IllegalArgumentException("state must be a real IndexState");
        }
        if (indexedRows < 0 || totalRows < 0 || pendingRows < 0) {
            throw new IllegalArgumentException("row numbers cannot be negative");
        }
        failReason = failReason == null ? "" : failReason;
    }

    /**
     * A build that is done: every one of {@code rows} indexed, nothing pending.
     *
     * @param rows the rows covered
     * @return the finished build
     */
    public static IndexBuild finished(long rows) {
        return new IndexBuild(rows, rows, 0, IndexState.Finished, "");
    }

    /**
     * A build under way.
     *
     * @param indexedRows rows indexed so far
     * @param totalRows   rows covered
     * @return the build, pending = total - indexed
     */
    public static IndexBuild inProgress(long indexedRows, long totalRows) {
        return new IndexBuild(indexedRows, totalRows, Math.max(0, totalRows - indexedRows), IndexState.InProgress, "");
    }
}
