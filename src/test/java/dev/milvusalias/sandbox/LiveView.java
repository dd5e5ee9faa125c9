package dev.milvusalias.sandbox;

import dev.milvusalias.api.Condition;
import dev.milvusalias.api.MilvusAlias;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
  * The sandbox's live view as a pure function: MilvusAlias objects and what the emulator holds, rendered as one line
  * per object, e.g.
  *
  * <pre>
  * products   products -> products_v1   Ready=True (Bound)   milvus: products -> products_v1
  * products   (deleted)                                       milvus: products (dropped)
  * </pre>
  *
  * Objects are listed by namespace and name ({@code namespace/name} outside {@code default}); aliases the emulator
  * holds that no object names get a line of their own.
  */
public final class LiveView {

    static final String DEFAULT_DATABASE = "default";
    private static final int NAME_WIDTH = 8;
    private static final int SPEC_WIDTH = 23;
    private static final int READY_WIDTH = 18;

    private LiveView() {
    }

    /**
      * One MilvusAlias as the view needs it.
      *
      * @param database    the database the alias lives in (status, else spec, else {@code default})
      * @param ready       Ready condition status ({@code True}, {@code False}, {@code Unknown}), null before any status
      * @param reason      Ready condition reason, may be null
      * @param reconciling the status describes an older generation than the spec (a change not reconciled yet)
      * @param deleting    a deletion timestamp is set (the finalizer is still there)
      * @param deleted     the object is gone (the view remembers it to show what happened to the alias)
      */
    public record Row(String namespace, String name, String alias, String database, String collection, String ready,
            String reason, boolean reconciling, boolean deleting, boolean deleted) {

        String key() {
            return namespace + "/" + name;
        }

        Row asDeleted() {
            return new Row(namespace, name, alias, database, collection, ready, reason, false, false, true);
        }

        /** The row of a MilvusAlias object as read from the API. */
        public static Row of(MilvusAlias a) {
            String alias = a.getSpec() == null ? null : a.getSpec().getAlias();
            String collection = a.getSpec() == null ? null : a.getSpec().getCollectionName();
            String database = null;
            String ready = null;
            String reason = null;
            boolean reconciling = false;
            if (a.getStatus() != null) {
                Long observed = a.getStatus().getObservedGeneration();
                Long generation = a.getMetadata().getGeneration();
                reconciling = observed != null && generation != null && observed < generation;
                database = a.getStatus().getDatabase();
                if (a.getStatus().getConditions() != null) {
                    for (Condition c : a.getStatus().getConditions()) {
                        if ("Ready".equals(c.getType())) {
                            ready = c.getStatus();
                            reason = c.getReason();
                        }
                    }
                }
            }
            if (database == null && a.getSpec() != null) {
                database = a.getSpec().getDatabase();
            }
            return new Row(a.getMetadata().getNamespace(), a.getMetadata().getName(), alias,
                    database == null ? DEFAULT_DATABASE : database, collection, ready, reason, reconciling,
                    a.getMetadata().getDeletionTimestamp() != null, false);
        }
    }

    /**
      * Renders the view.
      *
      * @param rows   the MilvusAlias objects (and remembered deleted ones), any order
      * @param milvus what the emulator holds: database -> (alias -> collection)
      * @return lines separated by {@code \n}, without a trailing newline
      */
    public static String render(List<Row> rows, Map<String, Map<String, String>> milvus) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(Row::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Row::name, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<String> lines = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (Row r : sorted) {
            String db = r.database() == null ? DEFAULT_DATABASE : r.database();
            if (r.alias() != null) {
                shown.add(db + "/" + r.alias());
            }
            String target = milvus.getOrDefault(db, Map.of()).get(r.alias());
            String name = DEFAULT_DATABASE.equals(r.namespace()) ? r.name() : r.namespace() + "/" + r.name();
            String spec;
            String ready;
            String actual;
            if (r.deleted()) {
                spec = "(deleted)";
                ready = "";
                actual = target == null ? aliasName(db, r.alias()) + " (dropped)"
                        : aliasName(db, r.alias()) + " -> " + target + " (left in place)";
            } else {
                spec = aliasName(db, r.alias()) + " -> " + r.collection();
                ready = r.ready() == null ? "Ready=? (pending)"
                        : "Ready=" + r.ready() + (r.reason() == null ? "" : " (" + r.reason() + ")");
                if (r.deleting()) {
                    ready += ", deleting";
                } else if (r.reconciling() && r.ready() != null) {
                    ready += ", reconciling";
                }
                actual = target == null ? aliasName(db, r.alias()) + " (absent)" : aliasName(db, r.alias()) + " -> " + target;
            }
            lines.add(line(name, spec, ready, actual));
        }
        Map<String, Map<String, String>> byDb = new TreeMap<>(milvus);
        byDb.forEach((db, aliases) -> new TreeMap<>(aliases).forEach((alias, target) -> {
            if (!shown.contains(db + "/" + alias)) {
                lines.add(line("-", "(no MilvusAlias)", "", aliasName(db, alias) + " -> " + target));
            }
        }));
        if (lines.isEmpty()) {
            lines.add(line("-", "(no MilvusAlias)", "", "no aliases"));
        }
        return String.join("\n", lines);
    }

    /** Remembers objects that disappeared, so that the view can show what their deletion did in Milvus. */
    public static final class Tracker {
        private final Map<String, Row> deleted = new LinkedHashMap<>();
        private Map<String, Row> last = Map.of();

        /** The current rows plus a deleted row for each object seen before and gone now (until it comes back). */
        public synchronized List<Row> update(List<Row> current) {
            Map<String, Row> now = new LinkedHashMap<>();
            for (Row r : current) {
                now.put(r.key(), r);
            }
            for (Row previous : last.values()) {
                if (!now.containsKey(previous.key())) {
                    deleted.put(previous.key(), previous.asDeleted());
                }
            }
            now.keySet().forEach(deleted::remove);
            last = now;
            List<Row> rows = new ArrayList<>(now.values());
            rows.addAll(deleted.values());
            return rows;
        }
    }

    private static String aliasName(String db, String alias) {
        return DEFAULT_DATABASE.equals(db) ? alias : db + "." + alias;
    }

    private static String line(String name, String spec, String ready, String milvus) {
        return (pad(name, NAME_WIDTH) + "   " + pad(spec, SPEC_WIDTH) + "   " + pad(ready, READY_WIDTH) + "   milvus: "
                + milvus).stripTrailing();
    }

    private static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.toString();
    }
}
