package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.AdoptionPolicy;
import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusAliasStatus;
import dev.milvusalias.api.PendingChange;
import dev.milvusalias.api.PendingChange.Operation;

/**
 * A status written by someone other than the operator (a user with rights on the status subresource) claims an
 * alias the resource never bound: it must neither drop it nor re-point it, and the claim is removed from status.
 */
class ForgedStatusTest extends InMemoryReconcilerTest {

    @Test
    void aForgedBindingDoesNotMakeADeleteDropSomeoneElsesAlias() {
        milvus.putAlias("default", "products", "v1"); // not created by any MilvusAlias
        MilvusAlias forger = TestResources.alias("products", "v1", 1L);
        forger.setStatus(forgedBinding("products", "v1"));
        forger.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");

        assertThat(deletion.cleanup(forger, lookup, writer).release()).isTrue();

        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
        assertThat(milvus.calls()).isEmpty();
        assertThat(events.reasons()).containsExactly("StatusNotTrusted");
    }

    @Test
    void aForgedBindingDoesNotTakeOverAnAliasAdoptionWouldRefuse() {
        milvus.putAlias("default", "products", "v1");
        MilvusAlias forger = TestResources.alias("products", "v2", 1L);
        forger.setStatus(forgedBinding("products", "v1"));

        reconciler.reconcile(forger, lookup, writer);

        assertThat(milvus.aliasTarget("default", "products")).contains("v1");
        assertThat(milvus.count("alter")).isZero();
        assertThat(forger.getStatus().getConditions().get(0).getReason()).isEqualTo("AliasOwnedElsewhere");
        assertThat(forger.getStatus().getAlias()).as("the forged claim is gone from status").isNull();
        assertThat(writer.written().get(0).getCollectionName()).as("removed before anything else is written").isNull();
        assertThat(events.all()).first().satisfies(e -> {
            assertThat(e.type()).isEqualTo("Warning");
            assertThat(e.reason()).isEqualTo("StatusNotTrusted");
            assertThat(e.message()).contains("status.alias products -> v1").contains("no valid seal");
        });
    }

    @Test
    void aForgedBindingDoesNotBypassAdoptionNever() {
        milvus.putAlias("default", "products", "v1");
        MilvusAlias forger = TestResources.alias("products", "v1", 1L);
        forger.getSpec().setAdoption(AdoptionPolicy.Never);
        forger.setStatus(forgedBinding("products", "v1"));

        reconciler.reconcile(forger, lookup, writer);

        assertThat(forger.getStatus().getConditions().get(0).getReason()).isEqualTo("AliasOwnedElsewhere");
        assertThat(forger.getStatus().getSeal()).isNull();
    }

    @Test
    void aForgedPendingChangeIsNotConfirmedAsTheResourcesOwnWrite() {
        milvus.putAlias("default", "products", "v1");
        MilvusAlias forger = TestResources.alias("products", "v1", 1L);
        forger.getSpec().setAdoption(AdoptionPolicy.Never);
        MilvusAliasStatus status = new MilvusAliasStatus();
        status.setPendingChange(new PendingChange(Operation.Create, "Created", "default", "products", null, "v1",
                "2026-01-01T00:00:00Z"));
        forger.setStatus(status);

        reconciler.reconcile(forger, lookup, writer);

        assertThat(forger.getStatus().getConditions().get(0).getReason()).isEqualTo("AliasOwnedElsewhere");
        assertThat(forger.getStatus().getPendingChange()).isNull();
        assertThat(events.reasons()).containsExactly("StatusNotTrusted", "AliasOwnedElsewhere");
    }

    @Test
    void aStatusCopiedFromAnotherResourceDoesNotVerify() {
        MilvusAlias owner = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(owner, lookup, writer);
        MilvusAlias copy = TestResources.alias("products", "v1", 1L); // same spec, another UID
        copy.setStatus(owner.getStatus());
        copy.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");

        assertThat(deletion.cleanup(copy, lookup, writer).release()).isTrue();

        assertThat(milvus.aliasTarget("default", "products")).as("still the owner's").contains("v1");
        assertThat(events.reasons()).contains("StatusNotTrusted").doesNotContain("Dropped");
    }

    @Test
    void theOperatorsOwnStatusIsTrustedAndLeftAsItIs() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        reconciler.reconcile(alias, lookup, writer);
        int writes = writer.written().size();

        reconciler.reconcile(alias, lookup, writer);
        alias.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        assertThat(deletion.cleanup(alias, lookup, writer).release()).isTrue();

        assertThat(writer.written()).as("only the drop's intent: nothing removed").hasSize(writes + 1);
        assertThat(milvus.aliasTarget("default", "products")).isEmpty();
        assertThat(events.reasons()).containsExactly("Created", "Dropped");
    }

    private static MilvusAliasStatus forgedBinding(String alias, String collection) {
        MilvusAliasStatus status = new MilvusAliasStatus();
        status.setAlias(alias);
        status.setDatabase("default");
        status.setCollectionName(collection);
        status.setSeal("AAAAAAAAAAAAAAAAAAAAAA");
        return status;
    }
}
