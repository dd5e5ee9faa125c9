package dev.milvusalias.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import dev.milvusalias.api.Condition;
import dev.milvusalias.api.ReadyStatus;

/** Builds Kubernetes-shaped conditions. lastTransitionTime moves only when the status flips. */
public final class Conditions {

    public static final String READY = "Ready";

    private Conditions() {
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** A Ready condition; keeps the previous lastTransitionTime when True/False did not change. */
    public static Condition ready(Optional<Condition> previous, boolean ready, Reason reason, String message,
            Long generation, Clock clock) {
        String status = ready ? "True" : "False";
        String transition = previous.filter(p -> status.equals(p.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElseGet(() -> format(clock.instant()));
        return new Condition(READY, status, reason.name(), message, transition, generation);
    }

    /** RFC 3339 in UTC, to the second, as Kubernetes writes times. */
    /** The Ready reason a status carries, or null when it has none (or one this operator does not know). */
    public static Reason readyReason(ReadyStatus status) {
        String reason = status == null ? null
                : find(status.getConditions(), READY).map(Condition::getReason).orElse(null);
        try {
            return reason == null ? null : Reason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
