package dev.milvusalias.api;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
/** What the operator last did in Milvus for this resource. */
@JsonClassDescription("What the operator last saw and did in Milvus for this alias.")
@JsonIgnoreProperties(ignoreUnknown = true)
public class MilvusAliasStatus extends ReadyStatus {

    @JsonPropertyDescription("Alias this resource last created, adopted or re-pointed in Milvus.")
    private String alias;

    @JsonPropertyDescription("Database of the alias this resource last bound.")
    private String database;

    @JsonPropertyDescription("Collection the alias pointed to when this resource last bound it.")
    private String collectionName;

    @JsonPropertyDescription("Collection the alias pointed to before the last switch.")
    private String previousCollectionName;

    @JsonPropertyDescription("When the operator last re-pointed the alias (RFC 3339).")
    private String lastSwitchTime;

    @JsonPropertyDescription("True when this resource took over an alias that existed in Milvus before it.")
    private Boolean adopted;

    @JsonPropertyDescription("Approximate row count of spec.collectionName at the last row-count check (switchPolicy.minRowCount or maxRowCountDropPercent).")
    private Long targetRowCount;

    @JsonPropertyDescription("Approximate row count of the collection the alias pointed at, at the last row-count check of a switch.")
    private Long currentRowCount;

    @JsonPropertyDescription("A Milvus write recorded before it was made and not yet confirmed; the next reconcile resolves it from what Milvus says.")
    private PendingChange pendingChange;

    @JsonPropertyDescription("Written by the operator with alias, database and collectionName: a keyed hash (HMAC-SHA256) that proves it recorded them. A binding without a valid seal is ignored: it can neither drop nor re-point an alias.")
    private String seal;

    public String getAlias() {
        return alias;
    }

    public void setAlias(String alias) {
        this.alias = alias;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public String getCollectionName() {
        return collectionName;
    }

    public void setCollectionName(String collectionName) {
        this.collectionName = collectionName;
    }

    public String getPreviousCollectionName() {
        return previousCollectionName;
    }

    public void setPreviousCollectionName(String previousCollectionName) {
        this.previousCollectionName = previousCollectionName;
    }

    public String getLastSwitchTime() {
        return lastSwitchTime;
    }

    public void setLastSwitchTime(String lastSwitchTime) {
        this.lastSwitchTime = lastSwitchTime;
    }

    public Boolean getAdopted() {
        return adopted;
    }

    public void setAdopted(Boolean adopted) {
        this.adopted = adopted;
    }

    public Long getTargetRowCount() {
        return targetRowCount;
    }

    public void setTargetRowCount(Long targetRowCount) {
        this.targetRowCount = targetRowCount;
    }

    public Long getCurrentRowCount() {
        return currentRowCount;
    }

    public void setCurrentRowCount(Long currentRowCount) {
        this.currentRowCount = currentRowCount;
    }

    public String getSeal() {
        return seal;
    }

    public void setSeal(String seal) {
        this.seal = seal;
    }

    public PendingChange getPendingChange() {
        return pendingChange;
    }

    public void setPendingChange(PendingChange pendingChange) {
        this.pendingChange = pendingChange;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MilvusAliasStatus other
                && sameReadyState(other)
                && Objects.equals(alias, other.alias)
                && Objects.equals(database, other.database)
                && Objects.equals(collectionName, other.collectionName)
                && Objects.equals(previousCollectionName, other.previousCollectionName)
                && Objects.equals(lastSwitchTime, other.lastSwitchTime)
                && Objects.equals(adopted, other.adopted)
                && Objects.equals(targetRowCount, other.targetRowCount)
                && Objects.equals(currentRowCount, other.currentRowCount)
                && Objects.equals(pendingChange, other.pendingChange)
                && Objects.equals(seal, other.seal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getObservedGeneration(), getConditions(), alias, database, collectionName);
    }
}
