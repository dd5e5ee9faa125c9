package dev.milvusalias.emulator;

import io.milvus.grpc.DataType;

import java.util.List;
import java.util.Objects;

/**
 * The part of a Milvus collection schema the emulator keeps: its fields, exactly one of which is
 * the primary key. Vector fields carry their dimension, VarChar fields their max length.
 *
 * @param fields the fields in declaration order
 */
public record CollectionSchema(List<Field> fields) {

    /** Name of the primary-key field in {@link #defaultSchema()}. */
    public static final String DEFAULT_PRIMARY_FIELD = "id";
    /** Name of the vector field in {@link #defaultSchema()}. */
    public static final String DEFAULT_VECTOR_FIELD = "vector";
    /** Dimension of the vector field in {@link #defaultSchema()}. */
    public static final int DEFAULT_DIM = 8;

    /**
     * Validates the schema: at least one field, exactly one primary key, unique field names.
     *
     * @param fields the fields
     */
    public CollectionSchema {
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        if (fields.stream().filter(Field::primaryKey).count() != 1) {
            throw new IllegalArgumentException("a collection schema needs exactly one primary-key field: " + fields);
        }
        if (fields.stream().map(Field::name).distinct().count() != fields.size()) {
            throw new IllegalArgumentException("duplicate field names: " + fields);
        }
    }

    /**
     * INT64 primary key {@value #DEFAULT_PRIMARY_FIELD} and FLOAT_VECTOR {@value #DEFAULT_VECTOR_FIELD}
     * of dimension {@value #DEFAULT_DIM}.
     *
     * @return the default schema
     */
    public static CollectionSchema defaultSchema() {
        return of(DEFAULT_PRIMARY_FIELD, DataType.Int64, DEFAULT_VECTOR_FIELD, DataType.FloatVector, DEFAULT_DIM);
    }

    /**
     * A primary key plus one vector field.
     *
     * @param primaryField name of the primary-key field
     * @param primaryType  Int64 or VarChar
     * @param vectorField  name of the vector field
     * @param vectorType   a vector data type, e.g. FloatVector
     * @param dim          vector dimension
     * @return the schema
     */
    public static CollectionSchema of(String primaryField, DataType primaryType,
                                      String vectorField, DataType vectorType, int dim) {
        return new CollectionSchema(List.of(Field.primaryKey(primaryField, primaryType),
                Field.vector(vectorField, vectorType, dim)));
    }

    /**
     * The primary-key field.
     *
     * @return the field marked as primary key
     */
    public Field primaryField() {
        return fields.stream().filter(Field::primaryKey).findFirst().orElseThrow();
    }

    /**
     * One field of a collection.
     *
     * @param name       field name
     * @param dataType   Milvus data type
     * @param primaryKey whether this is the primary key
     * @param dim        dimension for vector fields (0 for scalars; sparse vectors have none)
     * @param maxLength  max length for VarChar fields (0 otherwise)
     */
    public record Field(String name, DataType dataType, boolean primaryKey, int dim, int maxLength) {

        /**
         * Checks the name and type.
         *
         * @param name       field name
         * @param dataType   Milvus data type
         * @param primaryKey whether this is the primary key
         * @param dim        vector dimension or 0
         * @param maxLength  VarChar max length or 0
         */
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dataType, "dataType");
            if (primaryKey && dataType != DataType.Int64 && dataType != DataType.VarChar) {
                throw new IllegalArgumentException("primary key must be Int64 or VarChar: " + dataType);
            }
        }

        /**
         * A primary-key field (VarChar keys get max length 512).
         *
         * @param name field name
         * @param type Int64 or VarChar
         * @return the field
         */
        public static Field primaryKey(String name, DataType type) {
            return new Field(name, type, true, 0, type == DataType.VarChar ? 512 : 0);
        }

        /**
         * A vector field.
         *
         * @param name field name
         * @param type vector data type
         * @param dim  dimension
         * @return the field
         */
        public static Field vector(String name, DataType type, int dim) {
            if (!isVector(type)) {
                throw new IllegalArgumentException("not a vector type: " + type);
            }
            return new Field(name, type, false, dim, 0);
        }

        /**
         * A scalar field (VarChar gets max length 65535).
         *
         * @param name field name
         * @param type scalar data type
         * @return the field
         */
        public static Field scalar(String name, DataType type) {
            return new Field(name, type, false, 0, type == DataType.VarChar ? 65535 : 0);
        }

        /**
         * Whether the field holds vectors.
         *
         * @return true for vector types
         */
        public boolean isVector() {
            return isVector(dataType);
        }

        static boolean isVector(DataType type) {
            return switch (type) {
                case BinaryVector, FloatVector, Float16Vector, BFloat16Vector, SparseFloatVector, Int8Vector -> true;
                default -> false;
            };
        }
    }
}
