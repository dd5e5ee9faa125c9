package dev.milvusalias.reconcile;

import java.nio.charset.StandardCharsets;

/** The status seal of tests that build the reconciler by hand; the operator reads its key from a Secret. */
public final class TestSeals {

    public static final StatusSeal SEAL = new StatusSeal("a test key of thirty-two bytes..".getBytes(StandardCharsets.US_ASCII));

    private TestSeals() {
    }

    /** A status factory at {@code clock} that seals as the operator does. */
    public static AliasStatusFactory statuses(java.time.Clock clock) {
        return new AliasStatusFactory(clock, SEAL);
    }
}
