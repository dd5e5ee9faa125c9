package dev.milvusalias.milvus;

import java.util.Objects;

/**
 * Everything needed to open a session with one Milvus server. Equal endpoints can share a client: a
 * changed URI, credential or CA makes them unequal.
 *
 * @param key identity of the connection this endpoint came from (namespace/name); clients are cached per key
 * @param uri http://host:port or https://host:port
 * @param credentials how to log in
 * @param caPem PEM CA certificate for TLS, or null for the JVM trust store
 * @param tlsServerName server name to verify, or null for the URI host
 */
public record MilvusEndpoint(String key, String uri, Credentials credentials, String caPem, String tlsServerName) {

    public MilvusEndpoint {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(uri, "uri");
        credentials = credentials == null ? Credentials.NONE : credentials;
    }

    public static MilvusEndpoint plain(String key, String uri) {
        return new MilvusEndpoint(key, uri, Credentials.NONE, null, null);
    }

    public boolean tls() {
        return uri.startsWith("https://");
    }

    @Override
    public String toString() {
        return "MilvusEndpoint[" + key + " " + uri + " credentials=" + credentials + "]";
    }
}
