package dev.milvusalias.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Where a Milvus server is and how to log in to it. */
@JsonClassDescription("Where a Milvus server is and how to log in to it.")
@JsonIgnoreProperties(ignoreUnknown = true)
public class MilvusConnectionSpec {

    @Required
    @Pattern("^https?://[^\\s/:]+(:[0-9]{1,5})?/?$")
    @JsonPropertyDescription("Milvus endpoint as http://host:port or https://host:port. https:// turns TLS on.")
    private String uri;

    @Pattern(MilvusNames.PATTERN)
    @Size(max = MilvusNames.MAX_LENGTH)
    @JsonPropertyDescription("Database used by MilvusAlias resources that do not name one. Milvus' own default is 'default'.")
    private String database;

    @JsonPropertyDescription("Secret with key 'token', or keys 'username' and 'password': in the MilvusConnection's namespace, or in the operator's namespace for a ClusterMilvusConnection. Omit when Milvus runs without authentication.")
    private LocalObjectReference credentialsSecretRef;

    @JsonPropertyDescription("TLS settings for an https:// URI.")
    private TlsSpec tls;

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public LocalObjectReference getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(LocalObjectReference credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }

    public TlsSpec getTls() {
        return tls;
    }

    public void setTls(TlsSpec tls) {
        this.tls = tls;
    }
}
