package io.tandem.protocol.message;

import io.tandem.protocol.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Body compression as the sys flag announces it (fact sheet 4.2): producers zlib-compress single bodies of 4 KiB or
 * more and send {@code COMPRESSED | COMPRESSION_ZLIB} (0x301); consumers inflate and clear the flag. Only zlib is
 * supported; LZ4 and ZSTD bodies are reported as unsupported. Stateless and thread-safe.
 */
public final class BodyCompression {

    /** Body size from which the reference producer compresses. */
    public static final int DEFAULT_COMPRESS_THRESHOLD = 4 * 1024;
    /** zlib level the reference producer uses. */
    public static final int DEFAULT_ZLIB_LEVEL = 5;

    private BodyCompression() {
    }

    /** zlib-compresses {@code body} (the producer then sets {@code COMPRESSED | COMPRESSION_ZLIB}). */
    public static byte[] compressZlib(byte[] body, int level) {
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(body);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 2));
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * The plain body: {@code body} itself when {@code sysFlag} has no {@link MessageSysFlag#COMPRESSED} bit, else
     * the inflated bytes.
     *
     * @param maxLength largest inflated body accepted, in bytes (a guard against decompression bombs)
     * @throws ProtocolException if the body is not valid zlib data, inflates beyond {@code maxLength}, or uses LZ4
     *                           or ZSTD
     */
    public static byte[] decompress(byte[] body, int sysFlag, int maxLength) {
        if (!MessageSysFlag.isCompressed(sysFlag)) {
            return body;
        }
        int type = MessageSysFlag.compressionType(sysFlag);
        if (type != 0 && type != MessageSysFlag.COMPRESSION_ZLIB) {
            throw new ProtocolException("unsupported body compression type 0x" + Integer.toHexString(type)
                    + " (only zlib is supported)");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length * 4));
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int inflated = inflater.inflate(chunk);
                if (inflated == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ProtocolException("zlib body of " + body.length + " bytes is truncated");
                }
                if (out.size() + inflated > maxLength) {
                    throw new ProtocolException("zlib body inflates beyond " + maxLength + " bytes");
                }
                out.write(chunk, 0, inflated);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new ProtocolException("body is not valid zlib data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
