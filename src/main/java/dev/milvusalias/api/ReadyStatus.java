package dev.milvusalias.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The status fields both kinds share: the generation they describe and their conditions. */
public abstract class ReadyStatus {

    @JsonPropertyDescription("metadata.generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Conditions in the standard Kubernetes shape; Ready says whether the resource works, and if not, why.")
    private List<Condition> conditions = new ArrayList<>();

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

    protected boolean sameReadyState(ReadyStatus other) {
        return Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(conditions, other.conditions);
    }
}
