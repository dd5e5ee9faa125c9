package dev.milvusalias.api;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A Milvus write the operator is about to make, recorded in status before it makes it. If the
 * process dies (or the status write fails) after the write, the next reconcile reads Milvus and
 * finishes the change as its own instead of mistaking the alias for someone else's.
 */
@JsonClassDescription("A Milvus write recorded before it is made; resolved from what Milvus says on the next reconcile.")
@JsonIgnoreProperties(ignoreUnknown = true)
public class PendingChange {

    /** The Milvus write. */
    public enum Operation {
        Create, Alter, Drop
    }

    @JsonPropertyDescription("The Milvus call about to be made: Create (CreateAlias), Alter (AlterAlias) or Drop (DropAlias).")
    private Operation operation;

    @JsonPropertyDescription("What the change is, as the event that records it: Created, Switched, DriftCorrected, Adopted or Dropped.")
    private String reason;

    @JsonPropertyDescription("Database of the alias.")
    private String database;

    @JsonPropertyDescription("The alias.")
    private String alias;

    @JsonPropertyDescription("Collection the alias pointed to before the change; empty for a create.")
    private String from;

    @JsonPropertyDescription("Collection the alias points to once the change took; empty for a drop.")
    private String to;

    @JsonPropertyDescription("When the change was recorded (RFC 3339).")
    private String since;

    @JsonPropertyDescription("Written by the operator with the change: a keyed hash (HMAC-SHA256) that proves it recorded it. A change without a valid seal is ignored.")
    private String seal;

    public PendingChange() {
    }

    public PendingChange(Operation operation, String reason, String database, String alias, String from, String to,
            String since) {
        this.operation = operation;
        this.reason = reason;
        this.database = database;
        this.alias = alias;
        this.from = from;
        this.to = to;
        this.since = since;
    }

    public String getSeal() {
        return seal;
    }

    public void setSeal(String seal) {
        this.seal = seal;
    }

    public Operation getOperation() {
        return operation;
    }

    public void setOperation(Operation operation) {
        this.operation = operation;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public String getAlias() {
        return alias;
    }

    public void setAlias(String alias) {
        this.alias = alias;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getSince() {
        return since;
    }

    public void setSince(String since) {
        this.since = since;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PendingChange other && operation == other.operation && Objects.equals(reason, other.reason)
                && Objects.equals(database, other.database) && Objects.equals(alias, other.alias)
                && Objects.equals(from, other.from) && Objects.equals(to, other.to) && Objects.equals(since, other.since)
                && Objects.equals(seal, other.seal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(operation, database, alias, to);
    }
}
