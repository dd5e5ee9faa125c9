package dev.milvusalias.api;

/** Milvus naming rules, shared by the CRD schema and the operator's own checks. */
public final class MilvusNames {

    /** First character a letter or underscore, then letters, digits or underscores (ASCII only). */
    public static final String PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$";

    /** Milvus rejects names longer than this many bytes. */
    public static final int MAX_LENGTH = 255;

    private static final java.util.regex.Pattern COMPILED = java.util.regex.Pattern.compile(PATTERN);

    private MilvusNames() {
    }

    /** True when Milvus would accept {@code name} as an alias, collection or database name. */
    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && COMPILED.matcher(name).matches();
    }
}
