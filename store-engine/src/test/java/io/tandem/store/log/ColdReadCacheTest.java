package io.tandem.store.log;

import io.tandem.store.io.IoFile;
import io.tandem.store.io.PageCacheIoEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ColdReadCacheTest {

    private static final long SEGMENT = 4L * ColdReadCache.BLOCK_SIZE;
    private static final long BASE = 7 * SEGMENT;

    @TempDir
    Path directory;

    @Test
    void shouldServeSequentialReadsWithOneFileReadPerBlockAndBitExactBytes() throws Exception {
        try (PageCacheIoEngine engine = new PageCacheIoEngine(); IoFile file = engine.open(directory.resolve("s"), SEGMENT)) {
            byte[] data = new byte[(int) SEGMENT];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 131 + (i >>> 9));
            }
            file.write(0, MemorySegment.ofArray(data));
            ColdReadCache cache = new ColdReadCache(8L * ColdReadCache.BLOCK_SIZE);
            int recordLength = 1000;
            for (long offset = 0; offset + recordLength <= SEGMENT; offset += recordLength) {
                MemorySegment target = MemorySegment.ofArray(new byte[recordLength]);
                assertThat(cache.read(file, BASE, SEGMENT, BASE + offset, target, recordLength, BASE + SEGMENT)).isTrue();
                assertThat(target.toArray(ValueLayout.JAVA_BYTE))
                        .isEqualTo(java.util.Arrays.copyOfRange(data, (int) offset, (int) offset + recordLength));
            }
            assertThat(cache.misses()).isEqualTo(4);
            assertThat(cache.hits()).isGreaterThan(1000);
        }
    }

    @Test
    void shouldNotCacheABlockThatReachesPastTheWrittenBytes() throws Exception {
        try (PageCacheIoEngine engine = new PageCacheIoEngine(); IoFile file = engine.open(directory.resolve("s"), SEGMENT)) {
            ColdReadCache cache = new ColdReadCache(8L * ColdReadCache.BLOCK_SIZE);
            MemorySegment target = MemorySegment.ofArray(new byte[100]);
            assertThat(cache.read(file, BASE, SEGMENT, BASE + 10, target, 100, BASE + 5000)).isFalse();
            assertThat(cache.misses()).isZero();
        }
    }

    @Test
    void shouldKeepWithinItsBudgetAndForgetDeletedSegments() throws Exception {
        try (PageCacheIoEngine engine = new PageCacheIoEngine(); IoFile file = engine.open(directory.resolve("s"), SEGMENT)) {
            ColdReadCache cache = new ColdReadCache(2L * ColdReadCache.BLOCK_SIZE);
            MemorySegment target = MemorySegment.ofArray(new byte[10]);
            for (int block = 0; block < 4; block++) {
                cache.read(file, BASE, SEGMENT, BASE + (long) block * ColdReadCache.BLOCK_SIZE, target, 10, BASE + SEGMENT);
            }
            assertThat(cache.misses()).isEqualTo(4);
            cache.read(file, BASE, SEGMENT, BASE, target, 10, BASE + SEGMENT);
            assertThat(cache.misses()).as("the oldest block was evicted").isEqualTo(5);
            cache.read(file, BASE, SEGMENT, BASE + 3L * ColdReadCache.BLOCK_SIZE, target, 10, BASE + SEGMENT);
            assertThat(cache.hits()).as("the newest block stayed").isEqualTo(1);
            cache.forgetBefore(BASE + SEGMENT);
            cache.read(file, BASE, SEGMENT, BASE + 3L * ColdReadCache.BLOCK_SIZE, target, 10, BASE + SEGMENT);
            assertThat(cache.misses()).isEqualTo(6);
        }
    }
}
