package dev.milvusalias.bench;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.utility.request.AlterAliasReq;

/**
 * What a user does without the operator: a one-shot program, run as a CI step or a Kubernetes Job per change, that
 * connects with the official SDK and re-points one alias. {@code PeerSwitch <uri> <alias> <collection>}.
 */
public final class PeerSwitch {

    private PeerSwitch() {
    }

    public static void main(String[] args) throws InterruptedException {
        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(args[0]).build());
        try {
            client.alterAlias(AlterAliasReq.builder().alias(args[1]).collectionName(args[2]).build());
        } finally {
            client.close(5);
        }
    }
}
