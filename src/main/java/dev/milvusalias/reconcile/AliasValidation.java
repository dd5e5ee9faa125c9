package dev.milvusalias.reconcile;

import java.util.Optional;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasSpec;
import dev.milvusalias.api.MilvusNames;

/**
 * What the API server already enforces through the CRD, checked again for objects that bypassed it
 * (an older CRD, a restored backup), plus the annotations. A problem becomes Ready=False/InvalidSpec.
 */
final class AliasValidation {

    private AliasValidation() {
    }

    static Optional<String> problem(MilvusAlias resource, AliasAnnotations annotations) {
        MilvusAliasSpec spec = resource.getSpec();
        if (spec == null || spec.getConnectionRef() == null || spec.getConnectionRef().getName() == null) {
            return Optional.of("spec.connectionRef.name is required");
        }
        if (!MilvusNames.isValid(spec.getAlias())) {
            return Optional.of("spec.alias '" + spec.getAlias() + "' is not a valid Milvus name: "
                    + "a letter or '_' first, then letters, digits or '_', at most 255 characters");
        }
        if (!MilvusNames.isValid(spec.getCollectionName())) {
            return Optional.of("spec.collectionName '" + spec.getCollectionName() + "' is not a valid Milvus name");
        }
        // Empty is no database name either: the CRD's pattern rejects it, so it is not "unset" here.
        if (spec.getDatabase() != null && !MilvusNames.isValid(spec.getDatabase())) {
            return Optional.of("spec.database '" + spec.getDatabase() + "' is not a valid Milvus name");
        }
        if (spec.getAlias().equals(spec.getCollectionName())) {
            return Optional.of("spec.alias and spec.collectionName must differ");
        }
        return annotations.problem();
    }
}
