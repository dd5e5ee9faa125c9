package dev.milvusalias.emulator;

import java.nio.charset.StandardCharsets;

/**
 * Milvus name rules for collections, aliases and databases, with the exact messages the proxy
 * builds (including the two spaces after "X." that come from joining two formatted parts).
 */
final class MilvusNames {

    static final int MAX_NAME_LENGTH = 255;

    private MilvusNames() {
    }

    /** Validates a collection alias; code 1100 on failure. */
    static void validateAlias(String alias) {
        validateCollectionNameOrAlias(alias, "alias");
    }

    /** Validates a collection name; code 1100 on failure. */
    static void validateCollectionName(String name) {
        validateCollectionNameOrAlias(name, "name");
    }

    static boolean isValidCollectionNameOrAlias(String entity) {
        return problem(entity) == null;
    }

    private static void validateCollectionNameOrAlias(String entity, String entityType) {
        Problem p = problem(entity);
        if (p == null) {
            return;
        }
        String invalid = "Invalid collection " + entityType + ": " + entity + ". ";
        String msg = switch (p) {
            case EMPTY -> "collection " + entityType + " should not be empty";
            case TOO_LONG -> invalid + " the length of a collection " + entityType + " must be less than "
                    + MAX_NAME_LENGTH + " characters";
            case FIRST_CHAR -> invalid + " the first character of a collection " + entityType
                    + " must be an underscore or letter";
            case OTHER_CHAR -> invalid + " collection " + entityType
                    + " can only contain numbers, letters and underscores";
        };
        throw new ServerError(1100, msg + ": invalid parameter");
    }

    /** Validates a database name (CreateDatabase); code 802 on failure. */
    static void validateDatabaseName(String db) {
        Problem p = problem(db);
        if (p == null) {
            return;
        }
        String msg = switch (p) {
            case EMPTY -> "database name couldn't be empty";
            case TOO_LONG -> "the length of a database name must be less than " + MAX_NAME_LENGTH + " characters";
            case FIRST_CHAR -> "the first character of a database name must be an underscore or letter";
            case OTHER_CHAR -> "database name can only contain numbers, letters and underscores";
        };
        throw new ServerError(802, msg + ": invalid database name[database=" + db + "]");
    }

    private enum Problem { EMPTY, TOO_LONG, FIRST_CHAR, OTHER_CHAR }

    // Milvus checks bytes, not characters: any non-ASCII byte is rejected, and the limit is in bytes.
    private static Problem problem(String entity) {
        if (entity == null || entity.isEmpty()) {
            return Problem.EMPTY;
        }
        byte[] bytes = entity.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NAME_LENGTH) {
            return Problem.TOO_LONG;
        }
        if (bytes[0] != '_' && !isAlpha(bytes[0])) {
            return Problem.FIRST_CHAR;
        }
        for (int i = 1; i < bytes.length; i++) {
            byte c = bytes[i];
            if (c != '_' && !isAlpha(c) && !(c >= '0' && c <= '9')) {
                return Problem.OTHER_CHAR;
            }
        }
        return null;
    }

    private static boolean isAlpha(byte c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
