package dev.milvusalias.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.milvusalias.api.MilvusAlias;
import dev.milvusalias.api.MilvusConnection;
import dev.milvusalias.emulator.MilvusEmulator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What no fault may break, checked after a scenario from the emulator's call log, Milvus' state, the API objects and
 * the captured logs:
 * <ol>
 * <li>an alias is only ever written (CreateAlias, AlterAlias) to a collection its owner (the oldest claimant) asked
 * for; any other alias stays where it was;</li>
 * <li>nothing the operator did not create is dropped: every alias that existed before and was not handed to the
 * operator is still there, pointing where it pointed, and no collection or database is created, dropped, loaded or
 * released;</li>
 * <li>no DropAlias, unless the MilvusAlias of that alias, with deletionPolicy Delete, was deleted;</li>
 * <li>no credential (a Secret's token or password) in logs, events or the status of any object.</li>
 * </ol>
 * Start one with {@link #from(MilvusEmulator, String...)} before the fault, declare what the scenario's resources may
 * do, then {@link #verify(KubernetesClient, LogCapture)}.
 */
public final class Invariants {

    /** RPCs that change Milvus other than the three alias writes: the operator never makes them. */
    static final Set<String> FOREIGN_WRITES = Set.of("CreateDatabase", "CreateCollection", "DropCollection",
            "LoadCollection", "ReleaseCollection");

    /** An alias in a database. */
    record Key(String database, String alias) {
        @Override
        public String toString() {
            return database + "/" + alias;
        }
    }

    private final MilvusEmulator milvus;
    private final int firstCall;
    private final Map<Key, String> before = new LinkedHashMap<>();
    private final Map<Key, Set<String>> allowedTargets = new HashMap<>();
    private final Set<Key> droppable = new HashSet<>();
    private final Set<String> secrets = new HashSet<>();

    private Invariants(MilvusEmulator milvus, String... databases) {
        this.milvus = milvus;
        this.firstCall = milvus.calls().size();
        for (String database : databases) {
            milvus.aliases(database).forEach((alias, collection) -> before.put(new Key(database, alias), collection));
        }
    }

    /** Snapshots the aliases of these databases (default: {@code default}) and the position in the call log. */
    public static Invariants from(MilvusEmulator milvus, String... databases) {
        return new Invariants(milvus, databases.length == 0 ? new String[] {MilvusEmulator.DEFAULT_DATABASE} : databases);
    }

    /** The alias (database {@code default}) belongs to a MilvusAlias that may point it at these collections. */
    public Invariants allow(String alias, String... collections) {
        return allowIn(MilvusEmulator.DEFAULT_DATABASE, alias, collections);
    }

    public Invariants allowIn(String database, String alias, String... collections) {
        allowedTargets.computeIfAbsent(new Key(database, alias), k -> new HashSet<>()).addAll(List.of(collections));
        return this;
    }

    /** The MilvusAlias of this alias (database {@code default}) has deletionPolicy Delete and was deleted. */
    public Invariants allowDrop(String alias) {
        droppable.add(new Key(MilvusEmulator.DEFAULT_DATABASE, alias));
        return this;
    }

    /** Credential values that must appear nowhere. */
    public Invariants secrets(String... values) {
        secrets.addAll(List.of(values));
        return this;
    }

    /** Milvus calls since the snapshot. */
    public List<MilvusEmulator.Call> calls() {
        List<MilvusEmulator.Call> all = milvus.calls();
        return all.subList(Math.min(firstCall, all.size()), all.size());
    }

    /** Calls of one RPC since the snapshot. */
    public long count(String rpc) {
        return calls().stream().filter(c -> c.rpc().equals(rpc)).count();
    }

    /** Milvus calls since the snapshot that name this alias. */
    public long callsFor(String alias) {
        return calls().stream().filter(c -> alias.equals(c.fields().get("alias"))).count();
    }

    /**
     * Checks all four; fails with every violation found.
     *
     * @return what was checked, for the report
     */
    public Verdict verify(KubernetesClient client, LogCapture logs) {
        List<String> violations = new ArrayList<>();
        List<MilvusEmulator.Call> calls = calls();
        int writes = 0;
        int drops = 0;
        for (MilvusEmulator.Call call : calls) {
            Key key = new Key(call.database(), call.fields().get("alias"));
            switch (call.rpc()) {
                case "CreateAlias", "AlterAlias" -> {
                    writes++;
                    String target = call.fields().get("collection");
                    if (!allowedTargets.getOrDefault(key, Set.of()).contains(target)) {
                        violations.add(call.rpc() + " " + key + " -> " + target + ": not a collection its owner asked for "
                                + allowedTargets.getOrDefault(key, Set.of()));
                    }
                }
                case "DropAlias" -> {
                    drops++;
                    if (!droppable.contains(key)) {
                        violations.add("DropAlias " + key + " although no MilvusAlias with deletionPolicy Delete was deleted for it");
                    }
                }
                default -> {
                    if (FOREIGN_WRITES.contains(call.rpc())) {
                        violations.add(call.rpc() + " " + call.fields() + ": the operator must never make this call");
                    }
                }
            }
        }
        before.forEach((key, collection) -> {
            if (allowedTargets.containsKey(key)) {
                return; // handed to the operator: rule 1 and 3 cover it
            }
            Optional<String> now = milvus.aliasTarget(key.database(), key.alias());
            if (!now.equals(Optional.of(collection))) {
                violations.add("alias " + key + " existed before, pointing at " + collection + "; now: " + now.orElse("gone"));
            }
        });
        int scanned = scanForSecrets(client, logs, violations);
        if (!violations.isEmpty()) {
            throw new AssertionError("invariants violated:\n  " + String.join("\n  ", violations));
        }
        return new Verdict(calls.size(), writes, drops, before.size(), scanned);
    }

    private int scanForSecrets(KubernetesClient client, LogCapture logs, List<String> violations) {
        if (secrets.isEmpty()) {
            return 0;
        }
        List<String> places = new ArrayList<>(logs.lines());
        for (Event event : client.v1().events().inAnyNamespace().list().getItems()) {
            places.add("event " + event.getReason() + ": " + event.getMessage());
        }
        for (MilvusAlias alias : client.resources(MilvusAlias.class).inAnyNamespace().list().getItems()) {
            places.add("status of MilvusAlias " + alias.getMetadata().getName() + ": "
                    + client.getKubernetesSerialization().asJson(alias.getStatus()));
        }
        for (MilvusConnection connection : client.resources(MilvusConnection.class).inAnyNamespace().list().getItems()) {
            places.add("status of MilvusConnection " + connection.getMetadata().getName() + ": "
                    + client.getKubernetesSerialization().asJson(connection.getStatus()));
        }
        for (String place : places) {
            for (String secret : secrets) {
                if (place.contains(secret)) {
                    violations.add("a credential appears in " + place.lines().findFirst().orElse(place));
                }
            }
        }
        return places.size();
    }

    /**
     * What {@link #verify} looked at.
     *
     * @param calls Milvus calls in the scenario
     * @param writes CreateAlias and AlterAlias calls among them, each to an allowed collection
     * @param drops DropAlias calls among them, each of a deleted Delete-policy resource
     * @param foreignAliases aliases that existed before, left untouched
     * @param textsScanned log entries, events and statuses searched for credentials
     */
    public record Verdict(int calls, int writes, int drops, int foreignAliases, int textsScanned) {
        @Override
        public String toString() {
            return calls + " Milvus calls (" + writes + " writes, " + drops + " drops), all allowed";
        }
    }
}
