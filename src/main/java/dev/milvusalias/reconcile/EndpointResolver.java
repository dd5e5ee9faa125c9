package dev.milvusalias.reconcile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.milvusalias.api.ConnectionKind;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnectionSpec;
import dev.milvusalias.api.SecretKeySelector;
import dev.milvusalias.config.OperatorSettings;
import dev.milvusalias.milvus.Credentials;
import dev.milvusalias.milvus.MilvusEndpoint;
import io.fabric8.kubernetes.api.model.Secret;

/** Turns a MilvusConnection or ClusterMilvusConnection and its Secrets into a {@link MilvusEndpoint}, or says why it cannot. */
public final class EndpointResolver {

    public static final String TOKEN_KEY = "token";
    public static final String USERNAME_KEY = "username";
    public static final String PASSWORD_KEY = "password";
    public static final String DEFAULT_DATABASE = "default";

    private EndpointResolver() {
    }

    /**
     * Either an endpoint or a reason with a message; never both. Also the connection resolved (null when none was
     * found) and the Secrets read for it, so that a refusal by Milvus can have them read again ({@link #reread}).
     */
    public record Resolution(MilvusEndpoint endpoint, String defaultDatabase, Reason reason, String message,
            Connection connection, List<SecretRead> secrets) {

        static Resolution of(MilvusEndpoint endpoint, String defaultDatabase, Connection connection,
                List<SecretRead> secrets) {
            return new Resolution(endpoint, defaultDatabase, null, null, connection, List.copyOf(secrets));
        }

        static Resolution blocked(Reason reason, String message) {
            return new Resolution(null, null, reason, message, null, List.of());
        }

        public boolean resolved() {
            return endpoint != null;
        }
    }

    /** A Secret read while resolving, as the view returned it. */
    public record SecretRead(String namespace, String name, Secret secret) {
    }

    /**
     * Resolves the connection {@code alias} names, when it exists and the alias may use it; a
     * ClusterMilvusConnection reads its Secrets from the operator's namespace.
     */
    public static Resolution resolve(MilvusAlias alias, ClusterView cluster, OperatorSettings settings) {
        if (alias.getSpec().getConnectionRef().kindOrDefault() == ConnectionKind.ClusterMilvusConnection
                && !settings.clusterConnections().enabled()) {
            return Resolution.blocked(Reason.ConnectionNotAllowed, "this operator does not serve ClusterMilvusConnection"
                    + " (milvus-alias.cluster-connections.enabled=false, as in namespaced mode); use a MilvusConnection"
                    + " in namespace " + alias.getMetadata().getNamespace());
        }
        ConnectionLookup.Lookup lookup = ConnectionLookup.find(alias, cluster);
        if (!lookup.usable()) {
            return Resolution.blocked(lookup.reason(), lookup.message());
        }
        return resolve(lookup.connection(), settings.operatorNamespace(), cluster);
    }

    /** Resolves a connection already in hand; its Secrets are read from {@link Connection#secretNamespace}. */
    public static Resolution resolve(Connection connection, String operatorNamespace, ClusterView lookup) {
        String namespace = connection.secretNamespace(operatorNamespace);
        MilvusConnectionSpec spec = connection.spec();
        if (spec == null || spec.getUri() == null || !spec.getUri().matches("^https?://[^\\s/:]+(:[0-9]{1,5})?/?$")) {
            return Resolution.blocked(Reason.InvalidSpec, connection.describe()
                    + " needs spec.uri as http://host:port or https://host:port");
        }
        Optional<String> badPort = badPort(spec.getUri());
        if (badPort.isPresent()) {
            return Resolution.blocked(Reason.InvalidSpec, connection.describe() + ": port " + badPort.get()
                    + " of spec.uri is not between 1 and 65535");
        }
        String uri = spec.getUri().endsWith("/") ? spec.getUri().substring(0, spec.getUri().length() - 1) : spec.getUri();
        String database = spec.getDatabase() == null || spec.getDatabase().isEmpty() ? DEFAULT_DATABASE : spec.getDatabase();
        List<SecretRead> reads = new ArrayList<>();

        Credentials credentials = Credentials.NONE;
        if (spec.getCredentialsSecretRef() != null && spec.getCredentialsSecretRef().getName() != null) {
            String secretName = spec.getCredentialsSecretRef().getName();
            String purpose = "credentials of " + connection.describe();
            Optional<Secret> secret;
            try {
                secret = read(lookup, namespace, secretName, reads);
            } catch (SecretCache.Forbidden e) {
                return forbidden(secretName, namespace, purpose);
            }
            if (secret.isEmpty()) {
                return Resolution.blocked(Reason.SecretNotFound, "Secret " + secretName + " not found in namespace "
                        + namespace + " (" + purpose + ")");
            }
            Map<String, String> data = decode(secret.get());
            if (data.containsKey(TOKEN_KEY)) {
                if (data.get(TOKEN_KEY).isBlank()) {
                    return emptyKey(secretName, TOKEN_KEY);
                }
                credentials = new Credentials.Token(data.get(TOKEN_KEY));
            } else if (data.containsKey(USERNAME_KEY) && data.containsKey(PASSWORD_KEY)) {
                if (data.get(USERNAME_KEY).isBlank() || data.get(PASSWORD_KEY).isBlank()) {
                    return emptyKey(secretName, data.get(USERNAME_KEY).isBlank() ? USERNAME_KEY : PASSWORD_KEY);
                }
                credentials = new Credentials.UserPassword(data.get(USERNAME_KEY), data.get(PASSWORD_KEY));
            } else {
                return Resolution.blocked(Reason.SecretNotFound, "Secret " + secretName
                        + " has neither key 'token' nor keys 'username' and 'password'");
            }
        }

        String caPem = null;
        String serverName = null;
        if (spec.getTls() != null) {
            serverName = spec.getTls().getServerName();
            SecretKeySelector ca = spec.getTls().getCaSecretRef();
            if (ca != null && ca.getName() != null) {
                String caKey = ca.getKey() == null ? "ca.crt" : ca.getKey();
                String purpose = "CA of " + connection.describe();
                try {
                    caPem = read(lookup, namespace, ca.getName(), reads).map(s -> decode(s).get(caKey)).orElse(null);
                } catch (SecretCache.Forbidden e) {
                    return forbidden(ca.getName(), namespace, purpose);
                }
                if (caPem == null) {
                    return Resolution.blocked(Reason.SecretNotFound, "Secret " + ca.getName() + " with key " + caKey
                            + " not found in namespace " + namespace + " (" + purpose + ")");
                }
            }
        }
        return Resolution.of(new MilvusEndpoint(connection.key(), uri, credentials, caPem, serverName), database,
                connection, reads);
    }

    /**
     * After Milvus refused the credentials of {@code used} (UNAUTHENTICATED, PERMISSION_DENIED): forgets the Secrets
     * it was resolved from and resolves again, reading them afresh. True when the result differs (the Secret was
     * rotated since it was cached, or is gone), so that a reconcile with it should follow at once.
     */
    public static boolean reread(Resolution used, String operatorNamespace, ClusterView lookup) {
        if (used.connection() == null || used.secrets().isEmpty()) {
            return false;
        }
        used.secrets().forEach(read -> lookup.forgetSecret(read.namespace(), read.name(), read.secret()));
        Resolution fresh = resolve(used.connection(), operatorNamespace, lookup);
        return !Objects.equals(fresh.endpoint(), used.endpoint());
    }

    private static Optional<Secret> read(ClusterView lookup, String namespace, String name, List<SecretRead> reads) {
        Optional<Secret> secret = lookup.secret(namespace, name);
        reads.add(new SecretRead(namespace, name, secret.orElse(null)));
        return secret;
    }

    /** A 403 on the GET: the operator's RBAC, not the Secret, is what needs fixing. */
    private static Resolution forbidden(String secretName, String namespace, String purpose) {
        return Resolution.blocked(Reason.SecretNotFound, "Secret " + secretName + " in namespace " + namespace
                + " cannot be read: the API server refused the operator's GET (403 Forbidden); grant its"
                + " ServiceAccount 'get' on secrets in namespace " + namespace + " (" + purpose + ")");
    }

    /** An empty credential would log in as nobody: Milvus answers "missing authorization", or lets anyone in. */
    private static Resolution emptyKey(String secretName, String key) {
        return Resolution.blocked(Reason.SecretNotFound, "Secret " + secretName + " has an empty '" + key + "'");
    }

    /** The port of a URI that passed the pattern above, when it is out of range (0, or above 65535). */
    private static Optional<String> badPort(String uri) {
        int colon = uri.lastIndexOf(':');
        if (colon <= "https:".length()) {
            return Optional.empty(); // no port: the scheme's colon only
        }
        String port = uri.substring(colon + 1).replace("/", "");
        int number = Integer.parseInt(port); // at most five digits, by the pattern
        return number >= 1 && number <= 65535 ? Optional.empty() : Optional.of(port);
    }

    /** Secret values as text; stringData is honoured too, since some test servers do not fold it into data. */
    static Map<String, String> decode(Secret secret) {
        Map<String, String> values = new java.util.HashMap<>();
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k,
                    new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8).strip()));
        }
        return values;
    }
}
