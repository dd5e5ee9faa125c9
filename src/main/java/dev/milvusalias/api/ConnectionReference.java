package dev.milvusalias.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The connection a MilvusAlias uses: a MilvusConnection in its namespace, or a ClusterMilvusConnection. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class ConnectionReference {

    @Default("MilvusConnection")
    @JsonPropertyDescription("MilvusConnection (default: in the same namespace as this MilvusAlias) or ClusterMilvusConnection (cluster-scoped; its spec.allowedNamespaces must admit this namespace).")
    private ConnectionKind kind = ConnectionKind.MilvusConnection;

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    @JsonPropertyDescription("Name of the MilvusConnection or ClusterMilvusConnection.")
    private String name;

    public ConnectionReference() {
    }

    /** A reference to the MilvusConnection {@code name} in the alias' namespace. */
    public ConnectionReference(String name) {
        this(ConnectionKind.MilvusConnection, name);
    }

    public ConnectionReference(ConnectionKind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    public ConnectionKind getKind() {
        return kind;
    }

    public void setKind(ConnectionKind kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** The kind, MilvusConnection when unset (objects stored before the field existed, or not defaulted). */
    public ConnectionKind kindOrDefault() {
        return kind == null ? ConnectionKind.MilvusConnection : kind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionReference other && kindOrDefault() == other.kindOrDefault()
                && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kindOrDefault(), name);
    }
}
