package dev.milvusalias.api;

/** What to do with an alias that already existed in Milvus before this resource bound it. */
public enum AdoptionPolicy {
    /** Adopt it only if it already points at spec.collectionName; otherwise refuse (AliasOwnedElsewhere). */
    IfMatching,
    /** Take it over and switch it to spec.collectionName. */
    Always,
    /** Refuse any alias that existed before. */
    Never
}
