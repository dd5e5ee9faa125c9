package dev.milvusalias.milvus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Everything needed to open a session with one Milvus server.
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

    /** A digest of every setting, so a cached client is rebuilt when any of them (a password too) changes. */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String material = String.join("\u0000", uri, describeCredentials(), String.valueOf(caPem),
                    String.valueOf(tlsServerName));
            return HexFormat.of().formatHex(digest.digest(material.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String describeCredentials() {
        if (credentials instanceof Credentials.Token t) {
            return "token:" + t.token();
        }
        if (credentials instanceof Credentials.UserPassword u) {
            return "user:" + u.username() + ":" + u.password();
        }
        return "none";
    }

    @Override
    public String toString() {
        return "MilvusEndpoint[" + key + " " + uri + " credentials=" + credentials + "]";
    }
}
