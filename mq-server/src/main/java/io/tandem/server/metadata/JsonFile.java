package io.tandem.server.metadata;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * A metadata file written atomically and durably: the new content goes to a temporary file that is fsynced and
 * renamed over the old one, then the directory is fsynced, so a crash or a full disk leaves either the old or the
 * new content, never a mix. Reading a file that does not parse fails naming the file, rather than starting from nothing.
 */
public final class JsonFile<T> {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<?> OWNER_ONLY_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(OWNER_ONLY);

    private final Path path;
    private final Class<T> type;
    private final boolean ownerOnly;

    public JsonFile(Path path, Class<T> type) {
        this(path, type, false);
    }

    /**
     * @param ownerOnly whether the file holds secrets: it is then written readable and writable by its owner only
     *                  (0600) where the file system has POSIX permissions
     */
    public JsonFile(Path path, Class<T> type, boolean ownerOnly) {
        this.path = path;
        this.type = type;
        this.ownerOnly = ownerOnly;
    }

    public Path path() {
        return path;
    }

    /** The content, or empty if the file does not exist. */
    public Optional<T> read() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readValue(Files.readAllBytes(path), type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        } catch (JacksonException e) {
            throw new IllegalStateException("metadata file " + path + " is damaged: " + e.getOriginalMessage()
                    + "; restore it from a backup or remove it to start without this metadata", e);
        }
    }

    /**
     * Replaces the content durably. If that fails (a full disk, say), the previous content stays as it was, the
     * temporary file is removed, and the {@link UncheckedIOException} says why; the caller may simply try again.
     */
    public synchronized void write(T value) {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            Files.createDirectories(path.getParent());
            byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
            boolean posix = ownerOnly && temporary.getFileSystem().supportedFileAttributeViews().contains("posix");
            FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[]{OWNER_ONLY_ATTRIBUTE}
                    : new FileAttribute<?>[0];
            try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), attributes)) {
                if (posix) {
                    // A temporary file left by an earlier crash keeps its old permissions: set them again.
                    Files.setPosixFilePermissions(temporary, OWNER_ONLY);
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    // One write may store only part (a nearly full disk does that); the next one then fails.
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel directory = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot write " + path + " (its previous content is kept): "
                    + e.getMessage(), e);
        }
    }
}
