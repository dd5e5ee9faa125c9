package dev.milvusalias.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** TLS settings for an https:// Milvus endpoint. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class TlsSpec {

    @JsonPropertyDescription("CA certificate that signed the Milvus server certificate. Without it the JVM's default trust store is used.")
    private SecretKeySelector caSecretRef;

    @JsonPropertyDescription("Server name to verify in the certificate, when it differs from the host in the URI.")
    private String serverName;

    public SecretKeySelector getCaSecretRef() {
        return caSecretRef;
    }

    public void setCaSecretRef(SecretKeySelector caSecretRef) {
        this.caSecretRef = caSecretRef;
    }

    public String getServerName() {
        return serverName;
    }

    public void setServerName(String serverName) {
        this.serverName = serverName;
    }
}
