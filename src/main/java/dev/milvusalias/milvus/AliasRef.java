package dev.milvusalias.milvus;

/** An alias name within one Milvus database. */
public record AliasRef(String database, String alias) {

    @Override
    public String toString() {
        return database + "/" + alias;
    }
}
