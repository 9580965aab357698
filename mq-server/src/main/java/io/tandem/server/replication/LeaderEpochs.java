package io.tandem.server.replication;

import io.tandem.server.tls.ReplicationTls;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.tandem.server.replication.ReplicationDescriptor.*;

/**
 * A leader's epoch history as a returning replica asks for it (the EPOCHS exchange of {@link ReplicationDescriptor})
 * before it copies, to find where its own log stops agreeing with the leader's. Immutable.
 *
 * @param logEnd  the leader's replicable log end when it answered
 * @param entries the leader's epochs with their start offsets, oldest first
 */
public record LeaderEpochs(long logEnd, List<EpochHistory.Entry> entries) {

    public LeaderEpochs {
        entries = List.copyOf(entries);
    }

    /**
     * Where, in the leader's log, the records of {@code epoch} (and every earlier one) end: the start of the first
     * later epoch, or the leader's log end when none is later.
     */
    public long endOffsetOf(long epoch) {
        for (EpochHistory.Entry entry : entries) {
            if (entry.epoch() > epoch) {
                return entry.startOffset();
            }
        }
        return logEnd;
    }

    /**
     * Where a replica whose history is {@code own} and whose log ends at {@code ownEnd} must cut its log: at the end,
     * in the leader's log, of the replica's last epoch, if its own log goes further (Kafka's OffsetsForLeaderEpoch).
     * A replica with no history keeps nothing beyond what the leader's first epoch starts with.
     */
    public long divergence(EpochHistory own, long ownEnd) {
        return Math.min(ownEnd, endOffsetOf(own.lastEpoch()));
    }

    /**
     * Asks the leader at {@code address} ({@code host:port} of its replication listener).
     *
     * @param epoch the highest epoch the replica knows, sent as the frame's epoch
     * @throws IOException if the leader cannot be reached, refuses (naming why) or answers something else
     */
    public static LeaderEpochs ask(String address, long epoch, long lastEpoch, Duration timeout) throws IOException {
        return ask(address, epoch, lastEpoch, timeout, null);
    }

    /**
     * Asks the leader at {@code address} ({@code host:port} of its replication listener), over the stream's mutual
     * TLS when {@code tls} is not null.
     *
     * @param epoch the highest epoch the replica knows, sent as the frame's epoch
     * @param tls   the stream's TLS, or null for plain TCP
     * @throws IOException if the leader cannot be reached, fails the TLS handshake, refuses (naming why) or answers
     *                     something else
     */
    public static LeaderEpochs ask(String address, long epoch, long lastEpoch, Duration timeout, ReplicationTls tls)
            throws IOException {
        int colon = address.lastIndexOf(':');
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        try (Socket socket = tls != null ? tls.connect(host, port, timeoutMs) : new Socket()) {
            if (tls == null) {
                socket.connect(new InetSocketAddress(host, port), timeoutMs);
                socket.setSoTimeout(timeoutMs);
            }
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(HEADER_LENGTH + 8);
            out.writeByte(EPOCHS);
            out.writeLong(epoch);
            out.writeLong(lastEpoch);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readInt();
            byte type = in.readByte();
            in.readLong();
            if (type == REFUSED) {
                byte[] reason = new byte[length - HEADER_LENGTH];
                in.readFully(reason);
                throw new IOException("leader " + address + " refused the epoch exchange: "
                        + new String(reason, StandardCharsets.UTF_8));
            }
            if (type != EPOCHS) {
                throw new IOException("leader " + address + " answered the epoch exchange with frame type " + type);
            }
            long logEnd = in.readLong();
            int count = in.readInt();
            if (count < 0 || length != HEADER_LENGTH + 12 + 16 * count) {
                throw new IOException("leader " + address + " sent a malformed epoch history (" + count
                        + " entries in " + length + " bytes)");
            }
            List<EpochHistory.Entry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                entries.add(new EpochHistory.Entry(in.readLong(), in.readLong()));
            }
            return new LeaderEpochs(logEnd, entries);
        }
    }
}
