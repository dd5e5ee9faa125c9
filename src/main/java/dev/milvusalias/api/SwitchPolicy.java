package dev.milvusalias.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Safety checks before the alias is created on, or switched to, a collection. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class SwitchPolicy {

    @Default("true")
    @JsonPropertyDescription("Create or switch only when the target collection is loaded (GetLoadState = Loaded); until then Ready=False/WaitingForTargetLoaded and the alias keeps its old target. Default true.")
    private Boolean requireLoaded = true;

    @Default("true")
    @JsonPropertyDescription("Switch only to a collection with the same primary key (name, type) and the same vector fields (name, type, dimension) as the current one; otherwise Ready=False/IncompatibleSchema. Default true.")
    private Boolean requireCompatibleSchema = true;

    @Min(0)
    @JsonPropertyDescription("Create or switch only when the target collection has at least this many rows (GetCollectionStatistics, an approximate count: rows not flushed yet are missing, deleted rows still counted); otherwise Ready=False/WaitingForRowCount. Not checked when the alias is repaired back to the declared collection.")
    private Long minRowCount;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Switch only when the target has no fewer rows than the collection the alias points at now, by more than this percentage (approximate counts, as for minRowCount); otherwise Ready=False/RowCountDropTooLarge. Only checked on a switch.")
    private Integer maxRowCountDropPercent;

    @Default("false")
    @JsonPropertyDescription("Create or switch only when every vector field of the target has an index whose build is finished for all its rows (DescribeIndex: state Finished and no pending rows); otherwise Ready=False/WaitingForIndex. Default false.")
    private Boolean requireIndexed = false;

    public Boolean getRequireLoaded() {
        return requireLoaded;
    }

    public void setRequireLoaded(Boolean requireLoaded) {
        this.requireLoaded = requireLoaded;
    }

    public Boolean getRequireCompatibleSchema() {
        return requireCompatibleSchema;
    }

    public void setRequireCompatibleSchema(Boolean requireCompatibleSchema) {
        this.requireCompatibleSchema = requireCompatibleSchema;
    }

    public Long getMinRowCount() {
        return minRowCount;
    }

    public void setMinRowCount(Long minRowCount) {
        this.minRowCount = minRowCount;
    }

    public Integer getMaxRowCountDropPercent() {
        return maxRowCountDropPercent;
    }

    public void setMaxRowCountDropPercent(Integer maxRowCountDropPercent) {
        this.maxRowCountDropPercent = maxRowCountDropPercent;
    }

    public Boolean getRequireIndexed() {
        return requireIndexed;
    }

    public void setRequireIndexed(Boolean requireIndexed) {
        this.requireIndexed = requireIndexed;
    }

    /** Null-safe reading: an absent policy or field means the check is off. */
    public static boolean requireIndexed(SwitchPolicy policy) {
        return policy != null && Boolean.TRUE.equals(policy.requireIndexed);
    }

    /** Null-safe reading: an absent policy or field means the check is on. */
    public static boolean requireLoaded(SwitchPolicy policy) {
        return policy == null || policy.requireLoaded == null || policy.requireLoaded;
    }

    public static boolean requireCompatibleSchema(SwitchPolicy policy) {
        return policy == null || policy.requireCompatibleSchema == null || policy.requireCompatibleSchema;
    }
}
