package io.tandem.store;

/** Selects consume queue entries by their tag hash before any record is read. */
@FunctionalInterface
public interface TagFilter {

    TagFilter ALL = tagHash -> true;

    boolean accept(long tagHash);
}
