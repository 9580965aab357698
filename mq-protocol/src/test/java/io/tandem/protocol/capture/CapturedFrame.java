package io.tandem.protocol.capture;

import java.util.Arrays;

/**
 * One remoting frame cut out of a reassembled TCP stream.
 *
 * @param capture   file name of the capture
 * @param direction connection and direction it travelled
 * @param index     position of the frame in its direction's stream
 * @param frame     the whole frame, length field included
 */
record CapturedFrame(String capture, TcpStreams.Direction direction, int index, byte[] frame) {

    /** Client-side port of the connection (the side that is not 9876 or 10911). */
    int clientPort() {
        return isToServer() ? direction.sourcePort() : direction.destinationPort();
    }

    /** Whether the frame went from a client to the name server or broker. */
    boolean isToServer() {
        return direction.destinationPort() == CaptureFiles.NAME_SERVER_PORT
                || direction.destinationPort() == CaptureFiles.BROKER_PORT;
    }

    /** The server port of the connection. */
    int serverPort() {
        return isToServer() ? direction.destinationPort() : direction.sourcePort();
    }

    /** The frame without its length field (what a length-field framer passes on). */
    byte[] withoutLengthField() {
        return Arrays.copyOfRange(frame, 4, frame.length);
    }

    /** Whether the header word names the binary serialization. */
    boolean isBinaryHeader() {
        return frame[4] == 1;
    }

    @Override
    public String toString() {
        return capture + " " + direction + " frame #" + index + " (" + frame.length + " bytes)";
    }
}
