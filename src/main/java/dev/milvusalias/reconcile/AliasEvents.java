package dev.milvusalias.reconcile;

import dev.milvusalias.reconcile.AliasPlanner.Create;
import dev.milvusalias.reconcile.AliasPlanner.Switch;

/** The messages of the Normal events that record a Milvus write. */
final class AliasEvents {

    private AliasEvents() {
    }

    static String created(Create create) {
        return create.event() == EventReason.Created
                ? "Created alias " + create.binding()
                : "Alias " + create.binding().alias() + " was missing in Milvus; created it again -> "
                        + create.binding().collection();
    }

    static String switched(Switch sw) {
        String note = switch (sw.event()) {
            case DriftCorrected -> " (alias was re-pointed outside Kubernetes)";
            case Adopted -> " (took over an existing alias: adoption is Always)";
            default -> "";
        };
        return sw.from() + " -> " + sw.binding().collection() + note;
    }
}
