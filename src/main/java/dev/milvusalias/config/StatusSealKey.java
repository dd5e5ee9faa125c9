package dev.milvusalias.config;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.milvusalias.reconcile.StatusSeal;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The key of the {@link StatusSeal}: Secret {@value #SECRET_NAME} in the operator's namespace, created with 32
 * random bytes the first time an operator starts. Replicas share it; a replica that loses the race to create it reads
 * the winner's. Losing the Secret makes every recorded binding untrusted (the safe direction: nothing is dropped or
 * re-pointed on its strength), so it belongs in the namespace's backups.
 */
public final class StatusSealKey {

    /** Fixed, so that the RBAC rule can name it. */
    public static final String SECRET_NAME = "milvus-alias-status-key";
    static final String KEY = "key";

    private static final Logger LOG = Logger.getLogger(StatusSealKey.class);
    private static final int KEY_BYTES = 32;

    private StatusSealKey() {
    }

    /** Reads the key, creating it when it does not exist yet; fails with what to do when neither is allowed. */
    public static StatusSeal loadOrCreate(KubernetesClient client, String namespace) {
        try {
            Secret secret = client.secrets().inNamespace(namespace).withName(SECRET_NAME).get();
            if (secret == null) {
                secret = create(client, namespace);
            }
            return new StatusSeal(decode(secret, namespace));
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("cannot read or create the status seal key, Secret " + namespace + "/"
                    + SECRET_NAME + " (HTTP " + e.getCode() + "): the operator needs get and create on secrets in its"
                    + " namespace (milvus-alias.operator-namespace, from POD_NAMESPACE), and the namespace must exist", e);
        }
    }

    private static Secret create(KubernetesClient client, String namespace) {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Secret fresh = new SecretBuilder()
                .withNewMetadata().withName(SECRET_NAME).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/part-of", "milvus-alias-operator").endMetadata()
                .withType("Opaque")
                .withData(Map.of(KEY, Base64.getEncoder().encodeToString(key)))
                .build();
        try {
            Secret created = client.secrets().inNamespace(namespace).resource(fresh).create();
            LOG.infof("Created the status seal key, Secret %s/%s", namespace, SECRET_NAME);
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // Another replica created it first: use theirs.
            return client.secrets().inNamespace(namespace).withName(SECRET_NAME).require();
        }
    }

    private static byte[] decode(Secret secret, String namespace) {
        String encoded = secret.getData() == null ? null : secret.getData().get(KEY);
        byte[] key = encoded == null ? new byte[0] : Base64.getDecoder().decode(encoded);
        if (key.length < KEY_BYTES) {
            throw new IllegalStateException("Secret " + namespace + "/" + SECRET_NAME + " has no key '" + KEY
                    + "' of at least " + KEY_BYTES + " bytes; delete it and restart the operator to create a new one"
                    + " (every recorded binding then has to be adopted again)");
        }
        return key;
    }
}
