package dev.milvusalias.milvus;

import java.util.List;
import java.util.Optional;

/**
 * The parts of a collection's schema that decide whether search traffic can move to it: the
 * primary key and the vector fields.
 */
public record CollectionSchema(Field primaryKey, List<Field> vectors) {

    /** A field by name, type (as Milvus names it, e.g. Int64, FloatVector) and dimension (0 for scalars). */
    public record Field(String name, String type, int dimension) {
        @Override
        public String toString() {
            return name + " " + type + (dimension > 0 ? "(dim=" + dimension + ")" : "");
        }
    }

    public CollectionSchema {
        vectors = List.copyOf(vectors);
    }

    /**
     * The first difference that would break searches moving from {@code from} to {@code to}, or
     * empty when they are compatible (same primary key, same vector fields).
     */
    public static Optional<String> firstDifference(String fromName, CollectionSchema from, String toName,
            CollectionSchema to) {
        if (!java.util.Objects.equals(from.primaryKey(), to.primaryKey())) {
            return Optional.of("primary key differs: " + fromName + " has " + from.primaryKey() + ", "
                    + toName + " has " + to.primaryKey());
        }
        for (Field vector : from.vectors()) {
            Optional<Field> same = to.vectors().stream().filter(v -> v.name().equals(vector.name())).findFirst();
            if (same.isEmpty()) {
                return Optional.of("vector field " + vector.name() + " of " + fromName + " is missing in " + toName);
            }
            if (!same.get().equals(vector)) {
                return Optional.of("vector field differs: " + fromName + " has " + vector + ", " + toName + " has "
                        + same.get());
            }
        }
        for (Field vector : to.vectors()) {
            if (from.vectors().stream().noneMatch(v -> v.name().equals(vector.name()))) {
                return Optional.of("vector field " + vector.name() + " of " + toName + " is missing in " + fromName);
            }
        }
        return Optional.empty();
    }
}
