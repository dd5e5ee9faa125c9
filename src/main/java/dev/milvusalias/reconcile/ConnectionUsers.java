package dev.milvusalias.reconcile;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import dev.milvusalias.api.MilvusAlias;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The MilvusAliases that name a connection, for the connection controllers while a connection is being
 * deleted (it waits, InUse, for the last one). Read from the API server only then, rather than kept in
 * another informer: a full cache of every MilvusAlias per connection controller would cost memory all the
 * time for a question asked only on deletion.
 */
final class ConnectionUsers {

    /** How soon a connection waiting for its users looks again. */
    static final Duration RECHECK = Duration.ofSeconds(5);

    private ConnectionUsers() {
    }

    /** The aliases that name {@code connection}, by namespace/name. */
    static List<MilvusAlias> of(Context<?> context, Connection connection) {
        var aliases = context.getClient().resources(MilvusAlias.class);
        var listed = connection.namespace() == null ? aliases.inAnyNamespace().list() : aliases.inNamespace(connection.namespace()).list();
        return listed.getItems().stream()
                .filter(connection::usedBy)
                .sorted(Comparator.comparing(AliasClaims::name))
                .toList();
    }
}
