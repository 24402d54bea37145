package lrsweep.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A few objects per thread, built on first use from a key: for what a schedule derives from its
 * record that is costly to build, not thread-safe or not serializable (a parsed formula, a user's
 * instance). Records hold no such fields, and executors receive the records only. The least
 * recently used entries go first, so a long-lived executor thread keeps no more than a handful.
 */
final class PerThread {

    private static final int SIZE = 16;

    private static final ThreadLocal<Map<Object, Object>> CACHE = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(SIZE, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                    return size() > SIZE;
                }
            });

    private PerThread() {
    }

    /** This thread's object for {@code key}, built by {@code build} the first time. */
    @SuppressWarnings("unchecked")
    static <K, V> V get(K key, Function<K, V> build) {
        Map<Object, Object> cache = CACHE.get();
        V value = (V) cache.get(key);
        if (value == null) {
            // not computeIfAbsent: a user's constructor may itself evaluate a schedule, which would
            // modify the map in the middle of its own computation
            value = build.apply(key);
            cache.put(key, value);
        }
        return value;
    }
}
