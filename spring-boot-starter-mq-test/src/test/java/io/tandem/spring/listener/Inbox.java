package io.tandem.spring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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

    public void clear() {
        items.clear();
    }
}
