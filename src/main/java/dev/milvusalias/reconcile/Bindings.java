package dev.milvusalias.reconcile;

import dev.milvusalias.api.MilvusAliasSpec;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.milvus.AliasBinding;

/** The two bindings the planner compares with Milvus: what the spec asks for and what status recorded. */
final class Bindings {

    private Bindings() {
    }

    /** spec.alias → spec.collectionName, in spec.database or else the connection's database. */
    static AliasBinding desired(MilvusAliasSpec spec, String connectionDatabase) {
        String database = spec.getDatabase() != null && !spec.getDatabase().isEmpty() ? spec.getDatabase() : connectionDatabase;
        return new AliasBinding(database, spec.getAlias(), spec.getCollectionName());
    }

    /** What this resource last bound, or null when it never bound an alias. */
    static AliasBinding recorded(MilvusAliasStatus status) {
        if (status == null || status.getAlias() == null || status.getCollectionName() == null) {
            return null;
        }
        String database = status.getDatabase() == null ? EndpointResolver.DEFAULT_DATABASE : status.getDatabase();
        return new AliasBinding(database, status.getAlias(), status.getCollectionName());
    }
}
