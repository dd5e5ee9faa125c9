package dev.milvusalias.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;

/** Safety checks before the alias is created on, or switched to, a collection. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class SwitchPolicy {

    @Default("true")
    @JsonPropertyDescription("Create or switch only when the target collection is loaded (GetLoadState = Loaded); until then Ready=False/WaitingForTargetLoaded and the alias keeps its old target. Default true.")
    private Boolean requireLoaded = true;

    @Default("true")
    @JsonPropertyDescription("Switch only to a collection with the same primary key (name, type) and the same vector fields (name, type, dimension) as the current one; otherwise Ready=False/IncompatibleSchema. Default true.")
    private Boolean requireCompatibleSchema = true;

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

    /** Null-safe reading: an absent policy or field means the check is on. */
    public static boolean requireLoaded(SwitchPolicy policy) {
        return policy == null || policy.requireLoaded == null || policy.requireLoaded;
    }

    public static boolean requireCompatibleSchema(SwitchPolicy policy) {
        return policy == null || policy.requireCompatibleSchema == null || policy.requireCompatibleSchema;
    }
}
