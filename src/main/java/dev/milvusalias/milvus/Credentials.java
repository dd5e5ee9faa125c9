package dev.milvusalias.milvus;

/** How to log in to Milvus. {@code toString()} never prints a secret. */
public sealed interface Credentials {

    /** Milvus runs without authentication. */
    record None() implements Credentials {
        @Override
        public String toString() {
            return "none";
        }
    }

    /** An API token (or "user:password", as Milvus accepts). */
    record Token(String token) implements Credentials {
        @Override
        public String toString() {
            return "token(redacted)";
        }
    }

    /** A Milvus user and password. */
    record UserPassword(String username, String password) implements Credentials {
        @Override
        public String toString() {
            return "user(" + username + ", password redacted)";
        }
    }

    Credentials NONE = new None();
}
