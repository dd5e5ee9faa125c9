package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.PendingChange;
import dev.milvusalias.api.PendingChange.Operation;
import dev.milvusalias.milvus.AliasBinding;

/** The seal itself: every field counts, the key counts, and fields cannot be shifted into each other. */
class StatusSealTest {

    private static final StatusSeal SEAL = TestSeals.SEAL;
    private static final AliasBinding BINDING = new AliasBinding("default", "products", "v1");

    @Test
    void aBindingSealDependsOnTheObjectAndEveryField() {
        String seal = SEAL.of("uid-1", BINDING);

        assertThat(SEAL.of("uid-1", new AliasBinding("default", "products", "v1"))).isEqualTo(seal);
        assertThat(SEAL.of("uid-2", BINDING)).as("another object").isNotEqualTo(seal);
        assertThat(SEAL.of("uid-1", new AliasBinding("other", "products", "v1"))).isNotEqualTo(seal);
        assertThat(SEAL.of("uid-1", new AliasBinding("default", "orders", "v1"))).isNotEqualTo(seal);
        assertThat(SEAL.of("uid-1", new AliasBinding("default", "products", "v2"))).isNotEqualTo(seal);
        assertThat(seal).as("16 bytes, base64url").hasSize(22).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void fieldsCannotBeShiftedIntoEachOther() {
        assertThat(SEAL.of("uid-1", new AliasBinding("default", "ab", "c")))
                .isNotEqualTo(SEAL.of("uid-1", new AliasBinding("default", "a", "bc")));
    }

    @Test
    void anotherKeyGivesAnotherSeal() {
        StatusSeal other = new StatusSeal("another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII));

        assertThat(other.of("uid-1", BINDING)).isNotEqualTo(SEAL.of("uid-1", BINDING));
    }

    @Test
    void aPendingChangeSealCoversTheChangeButNotItsOwnSeal() {
        PendingChange change = new PendingChange(Operation.Alter, "Switched", "default", "products", "v1", "v2",
                "2026-01-01T00:00:00Z");
        String seal = SEAL.of("uid-1", change);
        change.setSeal("anything");

        assertThat(SEAL.of("uid-1", change)).isEqualTo(seal);
        assertThat(SEAL.of("uid-1", new PendingChange(Operation.Drop, "Switched", "default", "products", "v1", "v2",
                "2026-01-01T00:00:00Z"))).isNotEqualTo(seal);
        assertThat(SEAL.of("uid-1", new PendingChange(Operation.Alter, "Switched", "default", "products", "v0", "v2",
                "2026-01-01T00:00:00Z"))).isNotEqualTo(seal);
        assertThat(SEAL.of("uid-1", BINDING)).isNotEqualTo(seal);
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new StatusSeal(new byte[16])).hasMessageContaining("at least 32 bytes");
    }
}
