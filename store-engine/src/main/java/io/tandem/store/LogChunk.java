package io.tandem.store;

/**
 * A stretch of the commit log as a replica copies it: the bytes of {@code [position, position + length)} and the
 * position {@code end} the log moves to once they are appended. {@code end} is past {@code position + length} only when
 * the chunk closes a segment: what lies between is the unused rest of the segment (after a filler, or a gap too short
 * for one), which is not carried. A chunk never spans two segments and always ends at a record boundary.
 *
 * @param position first log position of the chunk
 * @param end      log position after the chunk
 * @param length   bytes carried
 */
public record LogChunk(long position, long end, int length) {

    public LogChunk {
        if (position < 0 || length < 0 || end < position + length) {
            throw new IllegalArgumentException("bad chunk: position " + position + ", end " + end + ", length " + length);
        }
    }

    /** True if the chunk carries nothing and moves nothing: the log had nothing new. */
    public boolean isEmpty() {
        return end == position;
    }
}
