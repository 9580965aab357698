package io.tandem.protocol.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RocketMQ 5.3.3 captures kept as test resources, cut into frames. Each capture is read once per JVM. Test-only.
 */
final class CaptureFiles {

    static final String MAIN = "rmq533-main.pcap";
    static final String BINARY_HEADER = "rmq533-binary-header.pcap";
    static final String PULL_EDGE_CASES = "rmq533-pull-edge-cases.pcap";
    static final List<String> ALL = List.of(MAIN, BINARY_HEADER, PULL_EDGE_CASES);

    static final int NAME_SERVER_PORT = 9876;
    static final int BROKER_PORT = 10911;

    private static final Map<String, List<CapturedFrame>> CACHE = new ConcurrentHashMap<>();

    private CaptureFiles() {
    }

    /** Every frame of the capture, stream by stream. Fails if a stream does not split exactly into frames. */
    static List<CapturedFrame> frames(String capture) {
        return CACHE.computeIfAbsent(capture, CaptureFiles::load);
    }

    /** Every frame of all captures. */
    static List<CapturedFrame> allFrames() {
        List<CapturedFrame> frames = new ArrayList<>();
        ALL.forEach(capture -> frames.addAll(frames(capture)));
        return frames;
    }

    private static List<CapturedFrame> load(String capture) {
        byte[] file;
        try (InputStream in = CaptureFiles.class.getResourceAsStream("/captures/" + capture)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource captures/" + capture);
            }
            file = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<TcpStreams.Direction, byte[]> streams = TcpStreams.reassemble(PcapReader.read(file));
        List<CapturedFrame> frames = new ArrayList<>();
        streams.forEach((direction, bytes) -> {
            int position = 0;
            int index = 0;
            while (position < bytes.length) {
                if (bytes.length - position < 4) {
                    throw new IllegalStateException(capture + " " + direction + ": " + (bytes.length - position)
                            + " stray bytes at stream offset " + position);
                }
                int frameLength = ByteBuffer.wrap(bytes, position, 4).getInt();
                if (frameLength < 0 || position + 4L + frameLength > bytes.length) {
                    throw new IllegalStateException(capture + " " + direction + ": frame at stream offset " + position
                            + " announces " + frameLength + " bytes, stream has " + (bytes.length - position - 4));
                }
                byte[] frame = Arrays.copyOfRange(bytes, position, position + 4 + frameLength);
                frames.add(new CapturedFrame(capture, direction, index++, frame));
                position += 4 + frameLength;
            }
        });
        return List.copyOf(frames);
    }
}
