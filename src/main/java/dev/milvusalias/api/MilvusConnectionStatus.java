package dev.milvusalias.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;


/** What the operator last saw when it talked to this Milvus. */
@JsonClassDescription("What the operator last saw when it connected to this Milvus.")
public class MilvusConnectionStatus {

    @JsonPropertyDescription("metadata.generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Conditions; Ready tells whether the operator can log in to Milvus.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Version reported by the Milvus server.")
    private String serverVersion;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getServerVersion() {
        return serverVersion;
    }

    public void setServerVersion(String serverVersion) {
        this.serverVersion = serverVersion;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MilvusConnectionStatus other
                && Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(conditions, other.conditions)
                && Objects.equals(serverVersion, other.serverVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions, serverVersion);
    }
}
