package dev.milvusalias.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;

import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
  * fabric8's CRUD dispatcher with an index ({@link StoreIndex}): a GET, PUT, PATCH or DELETE by name, and a list or
  * collection delete of one resource type, look only at the objects of that type and name instead of matching every
  * stored object (fabric8 does the latter, which at 10,000 objects leaves a few writes per second).
  * <p>
  * Answers, order and watch events are those of {@link KubernetesCrudDispatcher}: the lookups here use its attribute
  * matching on the candidates, take its own lock, and every change still goes through its
  * {@link #processEvent}; queries the index cannot narrow (no single plural) fall back to its full scan.
  */
class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    private final StoreIndex index = new StoreIndex();
    /** The lock fabric8 takes around every read and write of the store; the index shares it. */
    private final ReadWriteLock storeLock = storeLock(this);
    /** The last resourceVersion handed out: what a list answer carries. */
    private final AtomicLong lastResourceVersion = new AtomicLong();

    private static ReadWriteLock storeLock(KubernetesCrudDispatcher dispatcher) {
        try {
            Field lock = KubernetesCrudDispatcher.class.getDeclaredField("lock");
            lock.setAccessible(true);
            return (ReadWriteLock) lock.get(dispatcher);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("this fabric8 version's KubernetesCrudDispatcher has no ReadWriteLock 'lock'"
                    + " for the sandbox index to share", e);
        }
    }

    /** Called after every change of the store (under its write lock), with the keys and states before and after. */
    protected void changed(String path, AttributeSet oldKey, String oldState, AttributeSet newKey, String newState) {
    }

    @Override
    public long requestResourceVersion() {
        long version = super.requestResourceVersion();
        lastResourceVersion.accumulateAndGet(version, Math::max);
        return version;
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        List<AttributeSet> candidates = index.candidates(query);
        if (candidates == null) {
            return super.findResource(query);
        }
        for (AttributeSet key : candidates) {
            String state = key.matches(query) ? getMap().get(key) : null;
            if (state != null) {
                return new AbstractMap.SimpleImmutableEntry<>(key, state);
            }
        }
        return null;
    }

    @Override
    public MockResponse handleGet(String path) {
        if (isWatch(path)) {
            return super.handleGet(path);
        }
        AttributeSet query = getKey(path);
        List<String> found = withLock(storeLock.readLock(), () -> {
            List<AttributeSet> keys = matching(query);
            return keys == null ? null : states(keys);
        });
        if (found == null || (found.isEmpty() && !query.containsKey(KubernetesAttributesExtractor.NAME))) {
            return super.handleGet(path); // an empty list may be an API metadata request, which fabric8 answers
        }
        return answer(query, found);
    }

    @Override
    public MockResponse handleDelete(String path) {
        AttributeSet query = getKey(path);
        MockResponse response = withLock(storeLock.writeLock(), () -> {
            List<AttributeSet> keys = matching(query);
            if (keys == null) {
                return null;
            }
            List<String> found = states(keys);
            keys.forEach(key -> deleteOrMark(path, query, key));
            return answer(query, found);
        });
        return response != null ? response : super.handleDelete(path);
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        String oldState = oldAttributes == null ? null : getMap().get(oldAttributes);
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        AttributeSet newAttributes = newState == null ? null : storedKey(pathAttributes, resource, newState);
        if (oldAttributes != null) {
            index.remove(oldAttributes);
        }
        if (newAttributes != null) {
            index.add(newAttributes);
        }
        changed(path, oldAttributes, oldState, newAttributes, newState);
    }

    @Override
    public void reset() {
        withLock(storeLock.writeLock(), () -> {
            super.reset();
            index.clear();
            return null;
        });
    }

    /** The key fabric8's {@code processEvent} stores a new state under (the same computation). */
    private AttributeSet storedKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
        KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) getAttributeExtractor();
        AttributeSet key = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
        return key.containsKey(KubernetesAttributesExtractor.PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
    }

    /** The stored keys matching the query, in store order; null when the index cannot narrow the query. */
    private List<AttributeSet> matching(AttributeSet query) {
        List<AttributeSet> candidates = index.candidates(query);
        if (candidates == null) {
            return null;
        }
        candidates.removeIf(key -> !key.matches(query) || !getMap().containsKey(key));
        return candidates;
    }

    private List<String> states(List<AttributeSet> keys) {
        List<String> states = new ArrayList<>(keys.size());
        keys.forEach(key -> states.add(getMap().get(key)));
        return states;
    }

    /** fabric8's answer: the first object for a query by name (404 without one), else a List of all. */
    private MockResponse answer(AttributeSet query, List<String> found) {
        if (query.containsKey(KubernetesAttributesExtractor.NAME)) {
            return found.isEmpty() ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                    : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.get(0));
        }
        String list = ((KubernetesResponseComposer) getResponseComposer())
                .compose(found, String.valueOf(lastResourceVersion.get()));
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(list);
    }

    /** fabric8's deletion: removed without finalizers, else marked for deletion once (finalizers remove it later). */
    private void deleteOrMark(String path, AttributeSet pathAttributes, AttributeSet key) {
        String state = getMap().get(key);
        if (state == null) {
            return;
        }
        GenericKubernetesResource resource = Serialization.unmarshal(state, GenericKubernetesResource.class);
        if (resource.getFinalizers().isEmpty()) {
            processEvent(path, pathAttributes, key, null, null);
        } else if (!resource.isMarkedForDeletion()) {
            resource.getMetadata().setDeletionTimestamp(ZonedDateTime.now(ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            resource.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
            processEvent(path, pathAttributes, key, resource, Serialization.asJson(resource));
        }
    }

    /** fabric8's test for a watch request. */
    private static boolean isWatch(String path) {
        int q = path.indexOf('?');
        return q >= 0 && path.substring(q + 1).contains("watch=true");
    }

    private static <T> T withLock(Lock lock, java.util.function.Supplier<T> task) {
        lock.lock();
        try {
            return task.get();
        } finally {
            lock.unlock();
        }
    }
}
