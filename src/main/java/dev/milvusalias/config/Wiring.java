package dev.milvusalias.config;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.milvusalias.milvus.AliasStore;
import dev.milvusalias.milvus.sdk.SdkAliasStore;
import dev.milvusalias.reconcile.AliasStatusFactory;
import dev.milvusalias.reconcile.EventRecorder;
import dev.milvusalias.reconcile.KubernetesEventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The one place where the operator's parts are built and handed to each other. */
@ApplicationScoped
public class Wiring {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    AliasStore aliasStore(OperatorSettings settings) {
        return new SdkAliasStore(settings.connectTimeout(), settings.callTimeout());
    }

    void closeClients(@Disposes AliasStore store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // shutting down; nothing left to do
            }
        }
    }

    @Produces
    @Singleton
    AliasStatusFactory aliasStatusFactory(Clock clock) {
        return new AliasStatusFactory(clock);
    }

    @Produces
    @Singleton
    EventRecorder eventRecorder(KubernetesClient client, Clock clock) {
        return new KubernetesEventRecorder(client, clock);
    }
}
