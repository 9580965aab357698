package io.tandem.client.concurrent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Executors that run each task on a thread of its own: a virtual thread on Java 21 and later, a daemon platform thread
 * on Java 17 and 20, where there are none. The client is compiled for Java 17, so the Java 21 API is reached through
 * method handles, looked up once.
 */
public final class VirtualThreads {

    /** {@code Thread.ofVirtual().name(prefix, 0).factory()}, or null before Java 21. */
    private static final MethodHandle VIRTUAL_FACTORY = virtualFactory();

    private VirtualThreads() {
    }

    /** Whether the tasks of {@link #perTaskExecutor} run on virtual threads (Java 21 and later). */
    public static boolean available() {
        return VIRTUAL_FACTORY != null;
    }

    /**
     * An executor that starts a new thread, named {@code namePrefix} and a counter, for every task: virtual threads
     * where the runtime has them, daemon platform threads otherwise (then as a cached pool, which reuses idle ones).
     */
    public static ExecutorService perTaskExecutor(String namePrefix) {
        if (VIRTUAL_FACTORY == null) {
            return Executors.newCachedThreadPool(platformFactory(namePrefix));
        }
        try {
            ThreadFactory factory = (ThreadFactory) VIRTUAL_FACTORY.invoke(namePrefix);
            return (ExecutorService) Executors.class
                    .getMethod("newThreadPerTaskExecutor", ThreadFactory.class).invoke(null, factory);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create virtual threads on Java " + Runtime.version(), e);
        }
    }

    /**
     * Shuts {@code executor} down and waits until its tasks finished, as {@code ExecutorService.close()} does from
     * Java 19 on; an interrupt while waiting is kept as the thread's interrupt status.
     */
    public static void close(ExecutorService executor) {
        executor.shutdown();
        boolean interrupted = false;
        while (!executor.isTerminated()) {
            try {
                executor.awaitTermination(1, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                if (!interrupted) {
                    executor.shutdownNow();
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory platformFactory(String namePrefix) {
        AtomicLong next = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, namePrefix + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static MethodHandle virtualFactory() {
        if (Runtime.version().feature() < 21) {
            return null;
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
            MethodHandle name = lookup.findVirtual(builder, "name",
                    MethodType.methodType(builder, String.class, long.class));
            MethodHandle factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
            // prefix -> ofVirtual().name(prefix, 0).factory()
            MethodHandle named = MethodHandles.insertArguments(
                    MethodHandles.collectArguments(name, 0, ofVirtual.asType(MethodType.methodType(builder))), 1, 0L);
            return MethodHandles.filterReturnValue(named, factory);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
