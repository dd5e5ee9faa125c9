package dev.milvusalias.emulator;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.milvus.grpc.LoadState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-process Milvus gRPC server for tests, listening on {@code 127.0.0.1} only.
 *
 * <p>It implements the alias RPCs (CreateAlias, AlterAlias, DropAlias, DescribeAlias, ListAliases)
 * and the calls around them (Connect, GetVersion, ListDatabases, CreateDatabase, HasCollection,
 * DescribeCollection, ShowCollections, CreateCollection, DropCollection, LoadCollection,
 * ReleaseCollection, GetLoadState, GetCollectionStatistics, DescribeIndex) with the codes, legacy
 * error codes and message texts of a real Milvus 2.6 server as recorded in
 * {@code shared/milvus-facts.md}. Every other RPC answers gRPC UNIMPLEMENTED (CreateIndex too:
 * tests create indexes with {@link #createIndex}). State is in memory and survives {@link #stop()} /
 * {@link #restart()}.
 *
 * <p>Row counts and index build progress are set by tests ({@link #setRowCount},
 * {@link #setIndexBuild}); they never move by themselves, as nothing is stored or built.
 *
 * <p>Headers: the database of a request is its {@code db_name}, else the {@code dbname} header,
 * else {@code default}. When any credential is configured, every RPC needs an {@code authorization}
 * header holding base64 of {@code user:password} or of a token; the user {@code root} with password
 * {@code Milvus} then always exists unless configured otherwise.
 *
 * <p>Call log: a call is recorded when it reaches the service, i.e. after the
 * {@linkplain #setUnavailable(boolean) unavailable} switch and authentication, but before the
 * privilege check and {@linkplain #failNext(String, int, String) injected faults}, so retries and
 * denied calls are counted.
 *
 * <p>Approximations (not in the facts file): texts of schema-validation errors in CreateCollection,
 * CreateDatabase conflicts, the behaviour of CreateAlias when its target is itself an alias
 * from 2.6.12 on (the emulator always answers 100, as 2.6.0 - 2.6.11 do), the order of checks in
 * GetCollectionStatistics for a missing database and an empty name (database first), DescribeIndex's
 * {@code timestamp} (ignored) and its min/max_index_version (only the "no segments" values).
 */
public final class MilvusEmulator implements AutoCloseable {

    /** The version GetVersion reports unless configured. */
    public static final String DEFAULT_VERSION = "v2.6.4";
    /** The database every Milvus server has. */
    public static final String DEFAULT_DATABASE = EmulatorState.DEFAULT_DB;
    /** The user every authenticated Milvus server has. */
    public static final String ROOT_USER = "root";
    /** Root's password unless configured otherwise. */
    public static final String DEFAULT_ROOT_PASSWORD = "Milvus";
    /** User name that requests authenticated with a plain (colon-free) token act as. */
    public static final String TOKEN_USER = "token";
    /** Privileges {@link Builder#denyPrivileges(String)} takes away: the alias write RPCs. */
    public static final Set<String> ALIAS_WRITE_PRIVILEGES = Set.of("PrivilegeCreateAlias", "PrivilegeDropAlias");
    /** Names of the RPCs this emulator implements, as used in the call log and fault injection. */
    public static final Set<String> RPCS = Set.of("Connect", "GetVersion", "ListDatabases", "CreateDatabase",
            "HasCollection", "DescribeCollection", "ShowCollections", "CreateCollection", "DropCollection",
            "LoadCollection", "ReleaseCollection", "GetLoadState", "GetCollectionStatistics", "DescribeIndex",
            "CreateAlias", "AlterAlias", "DropAlias", "DescribeAlias", "ListAliases");
    /** Parameters {@link #createIndex(String, String, String)} gives a vector field's index. */
    public static final Map<String, String> AUTOINDEX = Map.of("index_type", "AUTOINDEX", "metric_type", "COSINE");
    /** Parameters {@link #createIndex(String, String, String)} gives a scalar field's index. */
    public static final Map<String, String> INVERTED = Map.of("index_type", "INVERTED");

    /**
     * One RPC as the server received it.
     *
     * @param rpc      RPC name, e.g. {@code CreateAlias}
     * @param database the database the call was resolved to
     * @param fields   request fields of interest ({@code alias}, {@code collection}, ...)
     */
    public record Call(String rpc, String database, Map<String, String> fields) {
        /**
         * Copies the fields.
         *
         * @param rpc      RPC name
         * @param database resolved database
         * @param fields   request fields of interest
         */
        public Call {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** A queued failure for the next call of an RPC: a Status code, or a gRPC error when grpcCode is set. */
    record Fault(int code, String reason, io.grpc.Status.Code grpcCode) {
    }

    /** Outcome of checking an authorization header: a user, or a failure message. */
    record AuthResult(String user, String failure) {
    }

    private final EmulatorState state;
    private final String version;
    private final Map<String, String> passwords;
    private final Set<String> tokens;
    private final Map<String, Set<String>> deniedPrivileges = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedQueue<Fault>> faults = new ConcurrentHashMap<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final EmulatorService service;
    private volatile boolean unavailable;
    private volatile Duration delay = Duration.ZERO;
    private final Map<String, Duration> rpcDelays = new ConcurrentHashMap<>();

    private final Object lifecycle = new Object();
    private Server server;
    private int port;

    private final java.nio.file.Path tlsCertificate;
    private final java.nio.file.Path tlsKey;

    private MilvusEmulator(Builder b) {
        this.tlsCertificate = b.tlsCertificate;
        this.tlsKey = b.tlsKey;
        this.version = b.version;
        this.state = new EmulatorState(MilvusVersion.parse(b.version));
        this.passwords = new ConcurrentHashMap<>(b.passwords); // changePassword rotates them
        this.tokens = Set.copyOf(b.tokens);
        b.denied.forEach((user, privileges) -> deniedPrivileges.put(user, Set.copyOf(privileges)));
        this.service = new EmulatorService(this, state);
        this.port = b.port;
    }

    /**
     * Starts an emulator without authentication on a free port of 127.0.0.1.
     *
     * @return the running emulator
     */
    public static MilvusEmulator start() {
        return builder().build();
    }

    /**
     * Starts on a free port with these collections created (default schema) and {@linkplain #load loaded}
     * in database default.
     *
     * @param collections collection names
     * @return the running emulator
     */
    public static MilvusEmulator startWithLoaded(String... collections) {
        MilvusEmulator emulator = start();
        for (String collection : collections) {
            emulator.createCollection(DEFAULT_DATABASE, collection);
            emulator.load(DEFAULT_DATABASE, collection);
        }
        return emulator;
    }

    /**
     * A builder for an emulator with a fixed port, version or credentials.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- connection data

    /**
     * The port the server listens (or listened) on.
     *
     * @return the TCP port on 127.0.0.1
     */
    public int port() {
        synchronized (lifecycle) {
            return port;
        }
    }

    /**
     * The URI to give to {@code ConnectConfig.uri(...)}.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public String uri() {
        return (tlsCertificate == null ? "http" : "https") + "://127.0.0.1:" + port();
    }

    /**
     * The version GetVersion reports (it also selects version-dependent behaviour).
     *
     * @return the configured version, e.g. {@code v2.6.4}
     */
    public String version() {
        return version;
    }

    /**
     * Whether the server currently accepts connections.
     *
     * @return false after {@link #stop()} until {@link #restart()}
     */
    public boolean isRunning() {
        synchronized (lifecycle) {
            return server != null && !server.isShutdown();
        }
    }

    /**
     * Whether requests must carry an authorization header.
     *
     * @return true when a user or token was configured
     */
    public boolean authEnabled() {
        return !passwords.isEmpty() || !tokens.isEmpty();
    }

    // ---------------------------------------------------------------- state, bypassing RPC and call log

    /**
     * Creates a database (no-op if it exists).
     *
     * @param db database name, must be a valid Milvus name
     */
    public void createDatabase(String db) {
        state.createDatabase(db);
    }

    /**
     * Removes a database with everything in it.
     *
     * @param db database name; {@code default} cannot be dropped
     */
    public void dropDatabase(String db) {
        state.dropDatabase(db);
    }

    /**
     * Whether a database exists.
     *
     * @param db database name
     * @return true if present
     */
    public boolean databaseExists(String db) {
        return state.databaseExists(db);
    }

    /**
     * Creates a not-loaded collection with the {@linkplain CollectionSchema#defaultSchema() default schema}.
     *
     * @param db   existing database
     * @param name collection name, not used yet by a collection or alias
     */
    public void createCollection(String db, String name) {
        createCollection(db, name, CollectionSchema.defaultSchema());
    }

    /**
     * Creates a not-loaded collection.
     *
     * @param db     existing database
     * @param name   collection name, not used yet by a collection or alias
     * @param schema its fields
     */
    public void createCollection(String db, String name, CollectionSchema schema) {
        state.createCollection(db, name, Objects.requireNonNull(schema, "schema"));
    }

    /**
     * Marks a collection loaded. As Milvus loads only collections with an index on each vector field,
     * a vector field without one first gets an index as by {@link #createIndex(String, String, String)}.
     *
     * @param db         database
     * @param collection collection name (not an alias)
     */
    public void load(String db, String collection) {
        state.indexVectorFields(db, collection, AUTOINDEX);
        state.setLoadState(db, collection, LoadState.LoadStateLoaded);
    }

    /**
     * Marks a collection not loaded.
     *
     * @param db         database
     * @param collection collection name (not an alias)
     */
    public void release(String db, String collection) {
        state.setLoadState(db, collection, LoadState.LoadStateNotLoad);
    }

    /**
     * Sets any load state, e.g. {@code LoadStateLoading} to test waiting.
     *
     * @param db         database
     * @param collection collection name (not an alias)
     * @param loadState  the state GetLoadState will report
     */
    public void setLoadState(String db, String collection, LoadState loadState) {
        state.setLoadState(db, collection, Objects.requireNonNull(loadState, "loadState"));
    }

    /**
     * The current load state.
     *
     * @param db         database
     * @param collection collection name (not an alias)
     * @return the state, {@code LoadStateNotExist} if there is no such collection
     */
    public LoadState loadState(String db, String collection) {
        return state.loadStateOf(db, collection);
    }

    /**
     * Sets the row count GetCollectionStatistics reports (Milvus' approximate, persisted count).
     *
     * @param db         database
     * @param collection collection name (not an alias)
     * @param rows       the count, not negative
     */
    public void setRowCount(String db, String collection, long rows) {
        state.setRowCount(db, collection, rows);
    }

    /**
     * Creates an index named after the field, with {@link #AUTOINDEX} parameters on a vector field and
     * {@link #INVERTED} on a scalar one, built over the current row count (Finished, nothing pending).
     *
     * @param db         database
     * @param collection collection name (not an alias)
     * @param field      a field of its schema without an index yet
     */
    public void createIndex(String db, String collection, String field) {
        boolean vector = schema(db, collection).flatMap(s -> s.fields().stream()
                .filter(f -> f.name().equals(field)).findFirst()).map(CollectionSchema.Field::isVector).orElse(true);
        createIndex(db, collection, field, field, vector ? AUTOINDEX : INVERTED);
    }

    /**
     * Creates an index, built over the current row count (Finished, nothing pending).
     *
     * @param db         database
     * @param collection collection name (not an alias)
     * @param field      a field of its schema without an index yet (Milvus allows one per field)
     * @param indexName  a name not used by another index of the collection
     * @param params     what DescribeIndex reports as the index's params, e.g. index_type and metric_type
     */
    public void createIndex(String db, String collection, String field, String indexName, Map<String, String> params) {
        state.createIndex(db, collection, Objects.requireNonNull(field, "field"),
                Objects.requireNonNull(indexName, "indexName"), Objects.requireNonNull(params, "params"));
    }

    /**
     * Sets the build progress DescribeIndex reports for an index.
     *
     * @param db         database
     * @param collection collection name (not an alias)
     * @param indexName  an existing index of the collection
     * @param build      indexed, total and pending rows, state and fail reason
     */
    public void setIndexBuild(String db, String collection, String indexName, IndexBuild build) {
        state.setIndexBuild(db, collection, indexName, Objects.requireNonNull(build, "build"));
    }

    /**
     * The indexes of a collection, in creation order.
     *
     * @param db         database
     * @param collection collection name (not an alias)
     * @return index names
     */
    public List<String> indexNames(String db, String collection) {
        return state.indexNames(db, collection);
    }

    /**
     * The collections of a database, in creation order.
     *
     * @param db existing database
     * @return collection names
     */
    public List<String> collections(String db) {
        return state.collectionNames(db);
    }

    /**
     * The schema of a collection.
     *
     * @param db         database
     * @param collection collection name (not an alias)
     * @return the schema, empty if there is no such collection
     */
    public Optional<CollectionSchema> schema(String db, String collection) {
        return state.collection(db, collection).map(EmulatorState.CollectionView::schema);
    }

    /**
     * What an alias points to now.
     *
     * @param db    database
     * @param alias alias name
     * @return the target collection, empty if the alias (or database) does not exist
     */
    public Optional<String> aliasTarget(String db, String alias) {
        return state.aliasTarget(db, alias);
    }

    /**
     * All aliases of a database.
     *
     * @param db existing database
     * @return alias to collection
     */
    public Map<String, String> aliases(String db) {
        return state.aliases(db);
    }

    /**
     * Creates or repoints an alias directly, like a change made by someone else.
     *
     * @param db         existing database
     * @param alias      alias name, not a collection name
     * @param collection existing collection
     */
    public void putAlias(String db, String alias, String collection) {
        state.putAlias(db, alias, collection);
    }

    /**
     * Removes an alias directly (no-op if absent).
     *
     * @param db    database
     * @param alias alias name
     */
    public void removeAlias(String db, String alias) {
        state.removeAlias(db, alias);
    }

    // ---------------------------------------------------------------- faults

    /**
     * While on, every RPC fails with gRPC UNAVAILABLE (the connection itself stays up).
     *
     * @param on true to fail all calls
     */
    public void setUnavailable(boolean on) {
        unavailable = on;
    }

    /**
     * Every RPC sleeps this long before it is processed (and still takes effect afterwards, even if
     * the client gave up: a timeout does not mean "not done").
     *
     * @param d the delay, {@code Duration.ZERO} for none
     */
    public void setDelay(Duration d) {
        delay = Objects.requireNonNull(d, "delay");
    }

    /**
     * Calls of one RPC sleep this long before they are processed; overrides {@link #setDelay(Duration)}
     * for that RPC.
     *
     * @param rpc an RPC name from {@link #RPCS}
     * @param d   the delay, {@code Duration.ZERO} to fall back to the global delay
     */
    public void setDelay(String rpc, Duration d) {
        requireRpc(rpc);
        if (Objects.requireNonNull(d, "delay").isZero()) {
            rpcDelays.remove(rpc);
        } else {
            rpcDelays.put(rpc, d);
        }
    }

    /**
     * The next call of {@code rpc} answers a failed Status with this code and reason (legacy
     * error_code mapped as Milvus does) and changes nothing. Calls queue up.
     *
     * @param rpc    an RPC name from {@link #RPCS}, e.g. {@code CreateAlias}
     * @param code   a non-zero Milvus code, e.g. 65535
     * @param reason the reason text
     */
    public void failNext(String rpc, int code, String reason) {
        if (code == 0) {
            throw new IllegalArgumentException("code 0 means success");
        }
        queue(rpc).add(new Fault(code, Objects.requireNonNull(reason, "reason"), null));
    }

    /**
     * The next call of {@code rpc} fails as a gRPC error with this status code.
     *
     * @param rpc  an RPC name from {@link #RPCS}
     * @param code the gRPC status code, e.g. {@code UNAVAILABLE}
     */
    public void failNextGrpc(String rpc, io.grpc.Status.Code code) {
        failNextGrpc(rpc, code, "milvus emulator: injected " + code);
    }

    /**
     * The next call of {@code rpc} fails as a gRPC error with this status code and description.
     *
     * @param rpc         an RPC name from {@link #RPCS}
     * @param code        the gRPC status code, not OK
     * @param description the status description
     */
    public void failNextGrpc(String rpc, io.grpc.Status.Code code, String description) {
        if (code == io.grpc.Status.Code.OK) {
            throw new IllegalArgumentException("OK is not a failure");
        }
        queue(rpc).add(new Fault(0, description, code));
    }

    /** Forgets all queued faults and switches off unavailability and delays. */
    public void clearFaults() {
        faults.clear();
        rpcDelays.clear();
        unavailable = false;
        delay = Duration.ZERO;
    }

    /**
     * Denies a user the alias write privileges ({@link #ALIAS_WRITE_PRIVILEGES}) from now on.
     *
     * @param user user name
     */
    public void denyPrivileges(String user) {
        denyPrivileges(user, ALIAS_WRITE_PRIVILEGES.toArray(String[]::new));
    }

    /**
     * Denies privileges to a user from now on (only meaningful with authentication enabled).
     *
     * @param user       user name
     * @param privileges Milvus privilege names, e.g. {@code PrivilegeCreateAlias}
     */
    public void denyPrivileges(String user, String... privileges) {
        Set<String> set = new LinkedHashSet<>(List.of(privileges));
        deniedPrivileges.merge(user, Set.copyOf(set), (a, b) -> {
            Set<String> merged = new LinkedHashSet<>(a);
            merged.addAll(b);
            return Set.copyOf(merged);
        });
    }

    /**
     * Gives a user all privileges again.
     *
     * @param user user name
     */
    public void grantAllPrivileges(String user) {
        deniedPrivileges.remove(user);
    }

    // ---------------------------------------------------------------- credentials

    /**
     * Gives an existing user a new password, as Milvus' UpdateCredential does: from the next call on, the old
     * password fails with UNAUTHENTICATED (a token {@code user:password} is that user's password too).
     *
     * @param user     a user configured on the builder, or {@code root}
     * @param password the new password
     */
    public void changePassword(String user, String password) {
        if (!passwords.containsKey(user)) {
            throw new IllegalArgumentException("no user " + user);
        }
        passwords.put(user, Objects.requireNonNull(password, "password"));
    }

    // ---------------------------------------------------------------- lifecycle

    /** Shuts the server down like a crash: open calls are cancelled and the port closes. State is kept. */
    public void stop() {
        synchronized (lifecycle) {
            if (server == null) {
                return;
            }
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    /** Starts again on the same port with the same state (stops first if running). */
    public void restart() {
        synchronized (lifecycle) {
            stop();
            bind();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    // ---------------------------------------------------------------- call log

    /**
     * The calls received so far, oldest first.
     *
     * @return a snapshot of the log
     */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /**
     * How often an RPC was received.
     *
     * @param rpc RPC name, e.g. {@code AlterAlias}
     * @return the number of logged calls
     */
    public long count(String rpc) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.rpc().equals(rpc)).count();
        }
    }

    /** Empties the call log. */
    public void clearCalls() {
        calls.clear();
    }

    /**
     * The legacy {@code error_code} a Milvus 2.6 server sends with a code.
     *
     * @param code a Milvus code such as 100, 1100 or 1600
     * @return the {@code common.ErrorCode} number, e.g. 4 for 100, 5 for 1100, 1 for 1600
     */
    public static int legacyErrorCode(int code) {
        return MilvusStatuses.legacyErrorCode(code);
    }

    // ---------------------------------------------------------------- used by interceptor and service

    boolean isUnavailable() {
        return unavailable;
    }

    AuthResult authenticate(String header) {
        if (header == null || header.isEmpty()) {
            return new AuthResult(null, "missing authorization in header");
        }
        String raw;
        try {
            raw = new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new AuthResult(null, "invalid token format");
        }
        int colon = raw.indexOf(':');
        if (colon < 0) {
            return tokens.contains(raw)
                    ? new AuthResult(TOKEN_USER, null)
                    : new AuthResult(null, "auth check failure, please check api key is correct");
        }
        String user = raw.substring(0, colon);
        String password = raw.substring(colon + 1);
        return password.equals(passwords.get(user))
                ? new AuthResult(user, null)
                : new AuthResult(null, "auth check failure, please check username and password are correct");
    }

    void applyDelay(String rpc) {
        Duration d = rpcDelays.getOrDefault(rpc, delay);
        if (!d.isZero() && !d.isNegative()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void record(Call call) {
        calls.add(call);
    }

    void checkPrivilege(String privilege, String headerDb) {
        String user = EmulatorInterceptor.USER.get();
        if (user == null) {
            return;
        }
        Set<String> denied = deniedPrivileges.get(user);
        if (denied != null && denied.contains(privilege)) {
            throw io.grpc.Status.PERMISSION_DENIED
                    .withDescription(privilege + ": permission deny to " + user + " in the `" + headerDb + "` database")
                    .asRuntimeException();
        }
    }

    Fault pollFault(String rpc) {
        ConcurrentLinkedQueue<Fault> q = faults.get(rpc);
        return q == null ? null : q.poll();
    }

    private ConcurrentLinkedQueue<Fault> queue(String rpc) {
        requireRpc(rpc);
        return faults.computeIfAbsent(rpc, r -> new ConcurrentLinkedQueue<>());
    }

    private static void requireRpc(String rpc) {
        if (!RPCS.contains(rpc)) {
            throw new IllegalArgumentException("unknown RPC " + rpc + ", expected one of " + RPCS);
        }
    }

    private void bind() {
        // The old listener may take a moment to release the port after a stop.
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port));
            if (tlsCertificate != null) {
                builder.useTransportSecurity(tlsCertificate.toFile(), tlsKey.toFile());
            }
            Server s = builder
                    .addService(ServerInterceptors.intercept(service, new EmulatorInterceptor(this)))
                    // the SDK pings every 55 s by default; never answer that with GOAWAY too_many_pings
                    .permitKeepAliveTime(1, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .build();
            try {
                s.start();
                server = s;
                port = s.getPort();
                return;
            } catch (IOException e) {
                s.shutdownNow();
                last = e;
                if (port == 0 || !isBindFailure(e)) {
                    break;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new UncheckedIOException("milvus emulator cannot listen on 127.0.0.1:" + port, last);
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** Configures and starts an emulator. */
    public static final class Builder {
        private java.nio.file.Path tlsCertificate;
        private java.nio.file.Path tlsKey;
        private int port;
        private String version = DEFAULT_VERSION;
        private final Map<String, String> passwords = new HashMap<>();
        private final Set<String> tokens = new LinkedHashSet<>();
        private final Map<String, Set<String>> denied = new HashMap<>();

        private Builder() {
        }

        /** Serve TLS with this PEM certificate chain and PEM PKCS#8 private key; {@link #uri()} becomes https. */
        public Builder tls(java.nio.file.Path certificateChain, java.nio.file.Path privateKey) {
            this.tlsCertificate = certificateChain;
            this.tlsKey = privateKey;
            return this;
        }

        /**
         * A fixed port on 127.0.0.1 (default: a free one).
         *
         * @param port TCP port, 0 for any
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The version GetVersion reports; also selects version-dependent behaviour (DropAlias with
         * an invalid name before 2.5.15, DropCollection with aliases before 2.4.23/2.5.5,
         * DescribeAlias/ListAliases before 2.3.5).
         *
         * @param version e.g. {@code v2.5.14}
         * @return this builder
         */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * Enables authentication and accepts this token. A token {@code user:password} registers that
         * user (as Milvus does: its root token is {@code root:Milvus}); any other token acts as user
         * {@value MilvusEmulator#TOKEN_USER}.
         *
         * @param token the token a client sends (base64-encoded) in the authorization header
         * @return this builder
         */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            int colon = token.indexOf(':');
            if (colon < 0) {
                tokens.add(token);
            } else {
                passwords.put(token.substring(0, colon), token.substring(colon + 1));
            }
            return this;
        }

        /**
         * Enables authentication and adds a user.
         *
         * @param user     user name (no colon)
         * @param password password
         * @return this builder
         */
        public Builder user(String user, String password) {
            if (user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("user names cannot contain ':'");
            }
            passwords.put(user, Objects.requireNonNull(password, "password"));
            return this;
        }

        /**
         * Denies a user the alias write privileges ({@link #ALIAS_WRITE_PRIVILEGES}): CreateAlias,
         * AlterAlias and DropAlias then fail with gRPC PERMISSION_DENIED.
         *
         * @param user user name
         * @return this builder
         */
        public Builder denyPrivileges(String user) {
            return denyPrivileges(user, ALIAS_WRITE_PRIVILEGES.toArray(String[]::new));
        }

        /**
         * Denies a user specific privileges, e.g. {@code PrivilegeDescribeAlias},
         * {@code PrivilegeListAliases}, {@code PrivilegeDescribeCollection}, {@code PrivilegeLoad},
         * {@code PrivilegeGetLoadState}, {@code PrivilegeGetStatistics}, {@code PrivilegeIndexDetail}.
         *
         * @param user       user name
         * @param privileges Milvus privilege names
         * @return this builder
         */
        public Builder denyPrivileges(String user, String... privileges) {
            denied.computeIfAbsent(user, u -> new LinkedHashSet<>()).addAll(List.of(privileges));
            return this;
        }

        /**
         * Starts the emulator.
         *
         * @return the running emulator
         */
        public MilvusEmulator build() {
            if (!passwords.isEmpty() || !tokens.isEmpty()) {
                passwords.putIfAbsent(ROOT_USER, DEFAULT_ROOT_PASSWORD);
            }
            MilvusEmulator emulator = new MilvusEmulator(this);
            synchronized (emulator.lifecycle) {
                emulator.bind();
            }
            return emulator;
        }
    }
}
