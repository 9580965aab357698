package io.tandem.store.engine;

import io.tandem.store.io.IoEngine;
import io.tandem.store.io.IoEngineKind;
import io.tandem.store.io.PageCacheIoEngine;
import io.tandem.store.io.uring.UringIoEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IoEnginesTest {

    @TempDir
    Path directory;

    @Test
    void shouldPickTheUringEngineWhereTheKernelAllowsIt() throws IOException {
        assertThat(UringIoEngine.probe(directory)).as("io_uring and O_DIRECT work on this machine").isEmpty();
        try (IoEngine engine = IoEngines.create(IoEngineKind.AUTO, directory)) {
            assertThat(engine).isInstanceOf(UringIoEngine.class);
        }
        try (IoEngine engine = IoEngines.create(IoEngineKind.URING, directory)) {
            assertThat(engine.name()).isEqualTo("uring");
        }
    }

    @Test
    void shouldFallBackToThePageCacheWhenUringIsRefusedInAutoMode() throws IOException {
        try (IoEngine engine = IoEngines.create(IoEngineKind.AUTO, directory,
                dir -> Optional.of("file system of " + dir + " does not support O_DIRECT"))) {
            assertThat(engine).isInstanceOf(PageCacheIoEngine.class);
        }
    }

    @Test
    void shouldFailFastWithTheReasonWhenUringIsRequiredButRefused() {
        assertThatThrownBy(() -> IoEngines.create(IoEngineKind.URING, directory,
                dir -> Optional.of("io_uring_setup failed with EPERM: io_uring disabled by seccomp or kernel.io_uring_disabled")))
                .isInstanceOf(IOException.class)
                .hasMessage("io-engine=uring is not available: io_uring_setup failed with EPERM: io_uring disabled by seccomp or kernel.io_uring_disabled");
    }

    @Test
    void shouldUseThePageCacheEngineWhenAskedTo() throws IOException {
        try (IoEngine engine = IoEngines.create(IoEngineKind.PAGECACHE, directory, dir -> {
            throw new AssertionError("pagecache must not probe io_uring");
        })) {
            assertThat(engine.name()).isEqualTo("pagecache");
        }
    }
}
