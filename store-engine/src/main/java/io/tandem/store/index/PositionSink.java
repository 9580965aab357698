package io.tandem.store.index;

/** Receives candidate commit log positions from an index lookup. */
@FunctionalInterface
public interface PositionSink {

    /** @return false to stop the lookup */
    boolean accept(long position);
}
