package dev.milvusalias.api;

/** What happens to the alias in Milvus when its MilvusAlias resource is deleted. */
public enum DeletionPolicy {
    /** Drop the alias, but only if it still points at the collection this resource bound. */
    Delete,
    /** Leave the alias in Milvus untouched. */
    Orphan
}
