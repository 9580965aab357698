package io.tandem.store.engine;

import io.tandem.store.io.IoEngine;
import io.tandem.store.io.IoEngineKind;
import io.tandem.store.io.MappedIoEngine;
import io.tandem.store.io.PageCacheIoEngine;
import io.tandem.store.io.uring.UringIoEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Creates the engine an {@link IoEngineKind} asks for, probing io_uring where needed. */
public final class IoEngines {

    private static final Logger LOG = LoggerFactory.getLogger(IoEngines.class);

    private IoEngines() {
    }

    /**
     * @param directory where the engine's files will live (the probe writes a small file there)
     * @throws IOException if {@link IoEngineKind#URING} was asked for and cannot work here; the message says why
     */
    public static IoEngine create(IoEngineKind kind, Path directory) throws IOException {
        return create(kind, directory, UringIoEngine::probe);
    }

    static IoEngine create(IoEngineKind kind, Path directory, Function<Path, Optional<String>> uringProbe) throws IOException {
        return switch (kind) {
            case PAGECACHE -> new PageCacheIoEngine();
            case MMAP -> new MappedIoEngine();
            case URING -> {
                Files.createDirectories(directory);
                Optional<String> reason = uringProbe.apply(directory);
                if (reason.isPresent()) {
                    throw new IOException("io-engine=uring is not available: " + reason.get());
                }
                yield new UringIoEngine();
            }
            case AUTO -> {
                Files.createDirectories(directory);
                Optional<String> reason = uringProbe.apply(directory);
                if (reason.isPresent()) {
                    LOG.warn("io-engine=auto: using the page-cache engine because io_uring + O_DIRECT is not available: {}",
                            reason.get());
                    yield new PageCacheIoEngine();
                }
                yield new UringIoEngine();
            }
        };
    }
}
