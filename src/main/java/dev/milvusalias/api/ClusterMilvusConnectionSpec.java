package dev.milvusalias.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A MilvusConnection's spec, plus which namespaces may use it. */
@JsonClassDescription("Where a Milvus server is, how to log in to it (Secrets in the operator's namespace), and which namespaces may use it.")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterMilvusConnectionSpec extends MilvusConnectionSpec {

    @JsonPropertyDescription("Namespaces whose MilvusAlias resources may use this connection. Absent: none may (safe default). {}: every namespace. Otherwise the namespaces whose labels match; a MilvusAlias elsewhere gets Ready=False/ConnectionNotAllowed and makes no Milvus call.")
    private NamespaceSelector allowedNamespaces;

    public NamespaceSelector getAllowedNamespaces() {
        return allowedNamespaces;
    }

    public void setAllowedNamespaces(NamespaceSelector allowedNamespaces) {
        this.allowedNamespaces = allowedNamespaces;
    }
}
