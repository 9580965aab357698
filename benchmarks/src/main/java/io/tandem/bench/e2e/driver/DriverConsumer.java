package io.tandem.bench.e2e.driver;

/** A consumer client; stops receiving on {@link #close()}. */
public interface DriverConsumer extends AutoCloseable {

    @Override
    void close();
}
