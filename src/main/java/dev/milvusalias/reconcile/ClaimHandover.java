package dev.milvusalias.reconcile;

import java.util.Objects;

import dev.milvusalias.api.MilvusAlias;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

/**
 * When the owner of a contested alias releases it (its deletion finished), the next claimants are
 * reconciled at once instead of at their next resync. Fed by the delete path itself, so the operator
 * needs no second informer (and no second copy in memory) of every MilvusAlias just to see deletions.
 * A loser that looks while the owner is still terminating checks again shortly ({@link AliasClaims#leavingSoon}).
 */
final class ClaimHandover {

    private volatile EventSourceContext<MilvusAlias> context;
    private final SimpleInboundEventSource<MilvusAlias> events = new SimpleInboundEventSource<>("claim-handover");

    /** The event source to register; wakes the claimants. */
    SimpleInboundEventSource<MilvusAlias> eventSource(EventSourceContext<MilvusAlias> context) {
        this.context = context;
        return events;
    }

    /** {@code owner} let go of its alias: every other resource claiming the same alias name looks again. */
    void released(MilvusAlias owner) {
        EventSourceContext<MilvusAlias> bound = context;
        if (bound == null || owner.getSpec() == null || owner.getSpec().getAlias() == null) {
            return; // not running under the framework (unit tests)
        }
        bound.getPrimaryCache().byIndex(AliasEventSources.BY_ALIAS, owner.getSpec().getAlias()).stream()
                .filter(other -> !Objects.equals(other.getMetadata().getUid(), owner.getMetadata().getUid()))
                .forEach(other -> events.propagateEvent(ResourceID.fromResource(other)));
    }
}
