package dev.milvusalias.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.milvusalias.api.MilvusAlias;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

class AliasEventSourcesTest {

    /** The secondary informers start alongside the primary one (OperatorStart): their first events come early. */
    @Test
    void aSecondaryMapsToNoAliasWhileThePrimaryCacheIsStillFilling() {
        MilvusAlias alias = TestResources.alias("products", "v1", 1L);
        PrimaryCache primary = new PrimaryCache(alias);
        EventSourceContext<MilvusAlias> context = new EventSourceContext<>(primary, null, null, MilvusAlias.class);

        assertThat(AliasEventSources.aliases(context, cache -> cache.list(a -> true))).isEmpty();
        assertThat(primary.reads).hasValue(0); // not looked into at all: a cache not started has no store yet

        primary.start();
        assertThat(AliasEventSources.aliases(context, cache -> cache.list(a -> true)))
                .containsExactly(ResourceID.fromResource(alias));
    }

    /** Stands for java-operator-sdk's controller event source: running once its informer has synced. */
    private static final class PrimaryCache extends AbstractEventSource<MilvusAlias, MilvusAlias>
            implements IndexerResourceCache<MilvusAlias> {
        private final MilvusAlias alias;
        private final AtomicInteger reads = new AtomicInteger();

        PrimaryCache(MilvusAlias alias) {
            super(MilvusAlias.class);
            this.alias = alias;
        }

        @Override
        public Stream<MilvusAlias> list(Predicate<MilvusAlias> predicate) {
            reads.incrementAndGet();
            return Stream.of(alias).filter(predicate);
        }

        @Override
        public Stream<MilvusAlias> list(String namespace, Predicate<MilvusAlias> predicate) {
            return list(predicate.and(a -> namespace.equals(a.getMetadata().getNamespace())));
        }

        @Override
        public Optional<MilvusAlias> get(ResourceID id) {
            return list(a -> ResourceID.fromResource(a).equals(id)).findFirst();
        }

        @Override
        public Stream<ResourceID> keys() {
            return list(a -> true).map(ResourceID::fromResource);
        }

        @Override
        public List<MilvusAlias> byIndex(String indexName, String indexKey) {
            return list(a -> true).toList();
        }

        @Override
        public Set<MilvusAlias> getSecondaryResources(MilvusAlias primary) {
            return Set.of();
        }

        @Override
        public void addIndexers(Map<String, Function<MilvusAlias, List<String>>> indexers) {
        }
    }
}
