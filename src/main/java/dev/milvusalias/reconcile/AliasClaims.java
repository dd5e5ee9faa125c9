package dev.milvusalias.reconcile;

import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnectionSpec;

/**
 * Decides which MilvusAlias owns an alias when several claim it: the same alias name, on the same
 * Milvus (connection URI, through a MilvusConnection or a ClusterMilvusConnection) and database, in any namespace. The oldest (creationTimestamp, then UID)
 * owns it; the others stand back without calling Milvus. Reads only the informer caches.
 */
public final class AliasClaims {

    /** Oldest first: creationTimestamp (RFC 3339, so text order is time order), then UID. */
    static final Comparator<MilvusAlias> SENIORITY = Comparator
            .comparing((MilvusAlias a) -> Objects.toString(a.getMetadata().getCreationTimestamp(), "~"))
            .thenComparing(a -> Objects.toString(a.getMetadata().getUid(), ""));

    private static final Duration OWNER_LEAVING_RECHECK = Duration.ofSeconds(2);

    private AliasClaims() {
    }

    /**
     * The resource that owns the alias {@code self} claims, when it is not {@code self}.
     *
     * @return the owner, or empty when {@code self} is the oldest claimant
     */
    public static Optional<MilvusAlias> ownerOtherThan(MilvusAlias self, ClusterView cluster) {
        Optional<String> identity = identity(self, cluster);
        if (identity.isEmpty()) {
            return Optional.empty();
        }
        return cluster.aliasesNamed(self.getSpec().getAlias()).stream()
                .filter(other -> !Objects.equals(other.getMetadata().getUid(), self.getMetadata().getUid()))
                .filter(other -> identity.equals(identity(other, cluster)))
                .filter(other -> SENIORITY.compare(other, self) < 0)
                .min(SENIORITY);
    }

    /**
     * "uri|database|alias" of what the resource claims, or empty when its connection is unknown, or is a
     * ClusterMilvusConnection its namespace may not use: a namespace that is not allowed claims nothing, so it
     * cannot stand in the way of one that is. Both connection kinds share one alias space per URI and database.
     */
    static Optional<String> identity(MilvusAlias alias, ClusterView cluster) {
        if (alias.getSpec() == null || alias.getSpec().getConnectionRef() == null
                || alias.getSpec().getConnectionRef().getName() == null) {
            return Optional.empty();
        }
        ConnectionLookup.Lookup lookup = ConnectionLookup.find(alias, cluster);
        if (!lookup.usable() || lookup.connection().spec() == null || lookup.connection().spec().getUri() == null) {
            return Optional.empty();
        }
        MilvusConnectionSpec connection = lookup.connection().spec();
        String uri = connection.getUri().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        String database = alias.getSpec().getDatabase();
        if (database == null || database.isEmpty()) {
            database = connection.getDatabase();
        }
        if (database == null || database.isEmpty()) {
            database = EndpointResolver.DEFAULT_DATABASE;
        }
        return Optional.of(uri + "|" + database + "|" + alias.getSpec().getAlias());
    }

    /**
     * When to look again while the owner is terminating: its delete event may reach the peers informer
     * before the primary cache forgets it, so a loser should not wait for the next resync.
     */
    static Optional<Duration> leavingSoon(MilvusAlias owner, Duration resync) {
        return owner.getMetadata().getDeletionTimestamp() == null ? Optional.empty()
                : Optional.of(OWNER_LEAVING_RECHECK.compareTo(resync) <= 0 ? OWNER_LEAVING_RECHECK : resync);
    }

    /** Why {@code self} stands back: Ready=False/AliasConflict. */
    static String conflictMessage(MilvusAlias self, MilvusAlias owner) {
        return "alias " + self.getSpec().getAlias() + " on this Milvus and database is already managed by MilvusAlias "
                + name(owner) + " (the oldest claim wins); this resource makes no Milvus call until that one is deleted";
    }

    static String name(MilvusAlias alias) {
        return alias.getMetadata().getNamespace() + "/" + alias.getMetadata().getName();
    }
}
