package dev.milvusalias.emulator;

/**
 * A failure the emulated server reports inside a {@code common.Status} (not as a gRPC error).
 * Carries the Milvus 2.3+ error code and the reason text exactly as the server builds it.
 */
final class ServerError extends RuntimeException {

    private final int code;

    ServerError(int code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }

    String reason() {
        return getMessage();
    }

    static ServerError databaseNotFound(String db) {
        return new ServerError(800, "database not found[database=" + db + "]");
    }

    static ServerError collectionNotFound(String db, String collection) {
        return new ServerError(100, "collection not found[database=" + db + "][collection=" + collection + "]");
    }

    /** The variant without the database field, used by AlterAlias and ListAliases. */
    static ServerError collectionNotFound(String collection) {
        return new ServerError(100, "collection not found[collection=" + collection + "]");
    }

    static ServerError aliasNotFound(String db, String alias) {
        return new ServerError(1600, "alias not found[database=" + db + "][alias=" + alias + "]");
    }

    static ServerError aliasCollectionNameConflict(String db, String alias) {
        return new ServerError(1601, "alias and collection name conflict[database=" + db + "][alias=" + alias + "]");
    }

    static ServerError aliasAlreadyExists(String db, String alias, String otherCollection) {
        return new ServerError(1602, alias + " is alias to another collection: " + otherCollection
                + ": alias already exist[database=" + db + "][alias=" + alias + "]");
    }

    static ServerError unexpected(String reason) {
        return new ServerError(65535, reason);
    }
}
