package dev.milvusalias.reconcile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.api.PendingChange;
import dev.milvusalias.milvus.AliasBinding;

/**
 * Proof that a status binding (alias, database, collectionName) or pending change was recorded by this operator and
 * not written by a user with rights on the status subresource. Either one lets the operator drop or re-point an
 * alias, so a forged one must not count: each carries an HMAC-SHA256 over the resource's UID and its fields, keyed
 * by a Secret in the operator's namespace that only the operator reads ({@code config.StatusSealKey}). The UID ties a
 * seal to one object: a status copied onto another MilvusAlias does not verify.
 */
public final class StatusSeal {

    private static final String ALGORITHM = "HmacSHA256";
    /** 16 of the 32 bytes: 128 bits is plenty against forgery and keeps status short. */
    private static final int SEAL_BYTES = 16;

    /** One keyed Mac per thread: a Mac is not thread-safe, and every reconcile verifies a seal. */
    private final ThreadLocal<Mac> macs;

    public StatusSeal(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a status seal key needs at least 32 bytes, got " + key.length);
        }
        SecretKeySpec spec = new SecretKeySpec(key.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
            }
        });
    }

    /** The seal of {@code binding} recorded on the object with {@code uid}. */
    public String of(String uid, AliasBinding binding) {
        return mac("binding", uid, binding.database(), binding.alias(), binding.collection());
    }

    /** The seal of {@code change} recorded on the object with {@code uid}. */
    public String of(String uid, PendingChange change) {
        return mac("pending", uid, String.valueOf(change.getOperation()), change.getReason(), change.getDatabase(),
                change.getAlias(), change.getFrom(), change.getTo(), change.getSince());
    }

    /**
     * The status without the binding and pending change this operator did not seal (with the binding goes its
     * history: adopted, previousCollectionName, lastSwitchTime); empty when everything in it verifies.
     */
    Optional<MilvusAliasStatus> withoutUnsealed(MilvusAlias resource) {
        MilvusAliasStatus status = resource.getStatus();
        String uid = resource.getMetadata().getUid();
        boolean badBinding = hasBinding(status) && !verifies(of(uid, Bindings.recorded(status)), status.getSeal());
        boolean badPending = status != null && status.getPendingChange() != null
                && !verifies(of(uid, status.getPendingChange()), status.getPendingChange().getSeal());
        if (!badBinding && !badPending) {
            return Optional.empty();
        }
        MilvusAliasStatus trusted = AliasStatusFactory.copyOf(status);
        trusted.setObservedGeneration(status.getObservedGeneration());
        trusted.setConditions(status.getConditions());
        if (badBinding) {
            trusted.setAlias(null);
            trusted.setDatabase(null);
            trusted.setCollectionName(null);
            trusted.setSeal(null);
            trusted.setAdopted(null);
            trusted.setPreviousCollectionName(null);
            trusted.setLastSwitchTime(null);
        }
        if (badPending) {
            trusted.setPendingChange(null);
        }
        return Optional.of(trusted);
    }

    /** A binding the planner would use: alias and collection both set (a partial one is ignored anyway). */
    private static boolean hasBinding(MilvusAliasStatus status) {
        return Bindings.recorded(status) != null;
    }

    private static boolean verifies(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.getBytes(StandardCharsets.US_ASCII));
    }

    /** The first field says what is sealed ("binding", "pending"), so a binding and a change never share a seal. */
    private String mac(String... fields) {
        // Length-prefixed fields, so that ("ab", "c") and ("a", "bc") cannot share a seal.
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (String field : fields) {
            byte[] bytes = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
            int length = field == null ? -1 : bytes.length;
            input.write(length >>> 24);
            input.write(length >>> 16);
            input.write(length >>> 8);
            input.write(length);
            input.writeBytes(bytes);
        }
        byte[] digest = macs.get().doFinal(input.toByteArray()); // doFinal also resets the Mac for the next seal
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, SEAL_BYTES));
    }
}
