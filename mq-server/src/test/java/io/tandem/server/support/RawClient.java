package io.tandem.server.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.SerializeType;
import io.tandem.protocol.frame.FrameDecoder;
import io.tandem.protocol.frame.FrameEncoder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking remoting client on a plain socket, for tests that must control every byte: it writes frames (or raw
 * garbage) and reads frames back, skipping requests the broker sends on its own (notifications).
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final AtomicInteger opaque = new AtomicInteger(1);

    public RawClient(String address) throws IOException {
        this(connect(address));
    }

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * A client speaking TLS to {@code address}; it accepts whatever certificate the listener presents (the tests
     * using it are about the bytes, not about trust).
     */
    public static RawClient tls(String address) throws IOException {
        Socket plain = connect(address);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new AcceptingTrustManager()}, null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain,
                    plain.getInetAddress().getHostAddress(), plain.getPort(), true);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return new RawClient(socket);
        } catch (GeneralSecurityException e) {
            plain.close();
            throw new IOException("no TLS context: " + e, e);
        }
    }

    private static Socket connect(String address) throws IOException {
        String[] parts = address.split(":");
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(parts[0], Integer.parseInt(parts[1])), 3000);
        return socket;
    }

    /** Half-closes: the peer reads end of stream, this side can still read what it answers. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Sends {@code request} with a fresh opaque and returns the response carrying it. */
    public RemotingCommand call(RemotingCommand.Builder request) throws IOException {
        int id = opaque.getAndIncrement();
        send(request.opaque(id).build());
        while (true) {
            RemotingCommand command = read();
            if (command.isResponse() && command.opaque() == id) {
                return command;
            }
        }
    }

    public void send(RemotingCommand command) throws IOException {
        ByteBuf frame = Unpooled.buffer();
        FrameEncoder.encode(command, SerializeType.JSON, frame);
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        writeRaw(bytes);
    }

    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame from the broker. */
    public RemotingCommand read() throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        return FrameDecoder.decode(Unpooled.wrappedBuffer(frame));
    }

    /** Whether the broker closed this connection within the socket timeout (reading anything else fails). */
    public boolean closedByPeer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static final class AcceptingTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
