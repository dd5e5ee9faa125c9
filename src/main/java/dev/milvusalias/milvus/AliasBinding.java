package dev.milvusalias.milvus;

/** An alias pointing at a collection, within one Milvus database. */
public record AliasBinding(String database, String alias, String collection) {

    public AliasRef ref() {
        return new AliasRef(database, alias);
    }

    @Override
    public String toString() {
        return database + "/" + alias + " -> " + collection;
    }
}
