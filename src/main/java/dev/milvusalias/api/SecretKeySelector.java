package dev.milvusalias.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret: in the MilvusConnection's namespace, or the operator's for a ClusterMilvusConnection. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class SecretKeySelector {

    @Required
    @JsonPropertyDescription("Name of the Secret: in the MilvusConnection's namespace, or in the operator's namespace for a ClusterMilvusConnection.")
    private String name;

    @Default("ca.crt")
    @JsonPropertyDescription("Key in the Secret holding the PEM-encoded CA certificate. Defaults to ca.crt.")
    private String key;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
