package io.tandem.store;

import java.nio.file.Path;

/** Stored bytes failed verification (CRC, layout or self-position check). Names the file and the offset. */
public final class StoreCorruptedException extends StoreException {

    private final Path file;
    private final long fileOffset;

    public StoreCorruptedException(Path file, long fileOffset, String problem) {
        super("corrupt data in " + file + " at offset " + fileOffset + ": " + problem);
        this.file = file;
        this.fileOffset = fileOffset;
    }

    public Path file() {
        return file;
    }

    public long fileOffset() {
        return fileOffset;
    }
}
