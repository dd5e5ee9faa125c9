package dev.milvusalias.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;

/**
  * Decodes the Kubernetes protobuf encoding ({@code application/vnd.kubernetes.protobuf}) of the few built-in kinds
  * that kubectl's typed clients create with {@code kubectl create secret|configmap|namespace|serviceaccount}.
  * <p>
  * kubectl sends request bodies for built-in kinds in protobuf (and client-go does not fall back to JSON on a 415),
  * while the fabric8 CRUD store only understands JSON. The wire format is small: the magic prefix {@code k8s\0},
  * then a {@code runtime.Unknown} message (field 1 TypeMeta{apiVersion=1, kind=2}, field 2 the raw object bytes).
  * Only the fields of the kinds listed in {@link #decode} are mapped (per the field numbers in the Kubernetes
  * {@code generated.proto} files); {@code managedFields} is skipped. Other kinds are rejected with
  * {@link UnsupportedOperationException}.
  */
final class KubeProtobuf {

    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = { 'k', '8', 's', 0 };
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private KubeProtobuf() {
    }

    static boolean isProtobuf(byte[] body) {
        return body.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC);
    }

    /** Decodes an enveloped object into its JSON form. */
    static ObjectNode decode(byte[] body) {
        if (!isProtobuf(body)) {
            throw new IllegalArgumentException("not a Kubernetes protobuf message");
        }
        Reader unknown = new Reader(body, MAGIC.length, body.length);
        String apiVersion = "";
        String kind = "";
        byte[] raw = new byte[0];
        while (unknown.more()) {
            int tag = unknown.tag();
            switch (tag >>> 3) {
                case 1:
                    Reader typeMeta = unknown.message();
                    while (typeMeta.more()) {
                        int t = typeMeta.tag();
                        if (t >>> 3 == 1) {
                            apiVersion = typeMeta.string();
                        } else if (t >>> 3 == 2) {
                            kind = typeMeta.string();
                        } else {
                            typeMeta.skip(t);
                        }
                    }
                    break;
                case 2:
                    raw = unknown.bytes();
                    break;
                default:
                    unknown.skip(tag);
            }
        }
        ObjectNode out = F.objectNode();
        out.put("apiVersion", apiVersion);
        out.put("kind", kind);
        Reader r = new Reader(raw, 0, raw.length);
        switch (apiVersion + "/" + kind) {
            case "v1/Secret":
                secret(r, out);
                break;
            case "v1/ConfigMap":
                configMap(r, out);
                break;
            case "v1/Namespace":
                namespace(r, out);
                break;
            case "v1/ServiceAccount":
                serviceAccount(r, out);
                break;
            default:
                throw new UnsupportedOperationException("the sandbox API server cannot decode protobuf-encoded " + apiVersion
                        + " " + kind + " objects; create it from a manifest with kubectl apply -f instead");
        }
        return out;
    }

    private static void secret(Reader r, ObjectNode out) {
        while (r.more()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1:
                    out.set("metadata", objectMeta(r.message()));
                    break;
                case 2:
                    mapEntry(r.message(), out.withObjectProperty("data"), true);
                    break;
                case 3:
                    out.put("type", r.string());
                    break;
                case 4:
                    mapEntry(r.message(), out.withObjectProperty("stringData"), false);
                    break;
                case 5:
                    out.put("immutable", r.varint() != 0);
                    break;
                default:
                    r.skip(tag);
            }
        }
    }

    private static void configMap(Reader r, ObjectNode out) {
        while (r.more()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1:
                    out.set("metadata", objectMeta(r.message()));
                    break;
                case 2:
                    mapEntry(r.message(), out.withObjectProperty("data"), false);
                    break;
                case 3:
                    mapEntry(r.message(), out.withObjectProperty("binaryData"), true);
                    break;
                case 4:
                    out.put("immutable", r.varint() != 0);
                    break;
                default:
                    r.skip(tag);
            }
        }
    }

    private static void namespace(Reader r, ObjectNode out) {
        while (r.more()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1:
                    out.set("metadata", objectMeta(r.message()));
                    break;
                case 2: {
                    Reader spec = r.message();
                    ObjectNode s = out.withObjectProperty("spec");
                    while (spec.more()) {
                        int t = spec.tag();
                        if (t >>> 3 == 1) {
                            s.withArrayProperty("finalizers").add(spec.string());
                        } else {
                            spec.skip(t);
                        }
                    }
                    break;
                }
                case 3: {
                    Reader status = r.message();
                    ObjectNode s = out.withObjectProperty("status");
                    while (status.more()) {
                        int t = status.tag();
                        if (t >>> 3 == 1) {
                            s.put("phase", status.string());
                        } else {
                            status.skip(t);
                        }
                    }
                    break;
                }
                default:
                    r.skip(tag);
            }
        }
    }

    private static void serviceAccount(Reader r, ObjectNode out) {
        while (r.more()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1:
                    out.set("metadata", objectMeta(r.message()));
                    break;
                case 3: {
                    Reader ref = r.message();
                    ObjectNode o = out.withArrayProperty("imagePullSecrets").addObject();
                    while (ref.more()) {
                        int t = ref.tag();
                        if (t >>> 3 == 1) {
                            o.put("name", ref.string());
                        } else {
                            ref.skip(t);
                        }
                    }
                    break;
                }
                case 4:
                    out.put("automountServiceAccountToken", r.varint() != 0);
                    break;
                default:
                    r.skip(tag);
            }
        }
    }

    private static ObjectNode objectMeta(Reader r) {
        ObjectNode m = F.objectNode();
        while (r.more()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1:
                    m.put("name", r.string());
                    break;
                case 2:
                    m.put("generateName", r.string());
                    break;
                case 3:
                    m.put("namespace", r.string());
                    break;
                case 5:
                    m.put("uid", r.string());
                    break;
                case 6:
                    m.put("resourceVersion", r.string());
                    break;
                case 7:
                    m.put("generation", r.varint());
                    break;
                case 8:
                    m.put("creationTimestamp", time(r.message()));
                    break;
                case 9:
                    m.put("deletionTimestamp", time(r.message()));
                    break;
                case 10:
                    m.put("deletionGracePeriodSeconds", r.varint());
                    break;
                case 11:
                    mapEntry(r.message(), m.withObjectProperty("labels"), false);
                    break;
                case 12:
                    mapEntry(r.message(), m.withObjectProperty("annotations"), false);
                    break;
                case 13:
                    m.withArrayProperty("ownerReferences").add(ownerReference(r.message()));
                    break;
                case 14:
                    m.withArrayProperty("finalizers").add(r.string());
                    break;
                default:
                    r.skip(tag); // selfLink (4), managedFields (17)
            }
        }
        return m;
    }

    private static ObjectNode ownerReference(Reader r) {
        ObjectNode o = F.objectNode();
        while (r.more()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1:
                    o.put("kind", r.string());
                    break;
                case 3:
                    o.put("name", r.string());
                    break;
                case 4:
                    o.put("uid", r.string());
                    break;
                case 5:
                    o.put("apiVersion", r.string());
                    break;
                case 6:
                    o.put("controller", r.varint() != 0);
                    break;
                case 7:
                    o.put("blockOwnerDeletion", r.varint() != 0);
                    break;
                default:
                    r.skip(tag);
            }
        }
        return o;
    }

    private static String time(Reader r) {
        long seconds = 0;
        while (r.more()) {
            int tag = r.tag();
            if (tag >>> 3 == 1) {
                seconds = r.varint();
            } else {
                r.skip(tag);
            }
        }
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(seconds));
    }

    /** A map field entry: key = 1 (string), value = 2 (string, or bytes rendered as base64 like in JSON). */
    private static void mapEntry(Reader r, ObjectNode target, boolean bytesValue) {
        String key = "";
        String value = "";
        while (r.more()) {
            int tag = r.tag();
            if (tag >>> 3 == 1) {
                key = r.string();
            } else if (tag >>> 3 == 2) {
                value = bytesValue ? Base64.getEncoder().encodeToString(r.bytes()) : r.string();
            } else {
                r.skip(tag);
            }
        }
        target.put(key, value);
    }

    /** Protobuf wire-format reader over a slice of a byte array. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf, int from, int to) {
            this.buf = buf;
            this.pos = from;
            this.end = to;
        }

        boolean more() {
            return pos < end;
        }

        int tag() {
            return (int) varint();
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalArgumentException("truncated protobuf varint");
                }
                byte b = buf[pos++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("malformed protobuf varint");
        }

        byte[] bytes() {
            int len = (int) varint();
            if (len < 0 || pos + len > end) {
                throw new IllegalArgumentException("truncated protobuf field");
            }
            byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
            pos += len;
            return out;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        Reader message() {
            int len = (int) varint();
            if (len < 0 || pos + len > end) {
                throw new IllegalArgumentException("truncated protobuf message");
            }
            Reader r = new Reader(buf, pos, pos + len);
            pos += len;
            return r;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0:
                    varint();
                    break;
                case 1:
                    pos += 8;
                    break;
                case 2:
                    bytes();
                    break;
                case 5:
                    pos += 4;
                    break;
                default:
                    throw new IllegalArgumentException("unsupported protobuf wire type " + (tag & 7));
            }
        }
    }
}
