package io.tandem.spring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** What a test listener received, in arrival order; thread-safe. */
public final class Inbox<T> {

    public static final Duration WAIT = Duration.ofSeconds(20);

    private final List<T> items = new CopyOnWriteArrayList<>();

    public void add(T item) {
        items.add(item);
    }

    public List<T> items() {
        return List.copyOf(items);
    }

    public int size() {
        return items.size();
    }

    /** Waits until at least {@code count} items arrived and returns all of them. */
    public List<T> awaitAtLeast(int count) {
        await().atMost(WAIT).until(() -> items.size() >= count);
        return items();
    }

    /**
     * Waits until an item matching {@code marker} arrived and returns the items that arrived up to and including
     * it: with the marker sent last to the same queue and one consume thread, everything sent before it that was
     * going to arrive has arrived.
     */
    public List<T> awaitUntil(Predicate<? super T> marker) {
        await().atMost(WAIT).until(() -> items.stream().anyMatch(marker));
        List<T> arrived = items();
        for (int i = 0; i < arrived.size(); i++) {
            if (marker.test(arrived.get(i))) {
                return arrived.subList(0, i + 1);
            }
        }
        throw new IllegalStateException("the marker arrived and is gone again");
    }

    public void clear() {
        items.clear();
    }
}
