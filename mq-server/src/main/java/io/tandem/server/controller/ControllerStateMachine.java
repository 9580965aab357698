package io.tandem.server.controller;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.MD5FileUtil;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The controller's Ratis state machine: applies {@link ControllerCommand}s (JSON log entries) to a
 * {@link ControllerState} in log order and answers each with its {@link Outcome}; a query with a group name answers
 * that group's state. Snapshots are the whole state as JSON (a few hundred bytes per group).
 *
 * <p>A command that cannot be read is refused before it reaches the log. Thread-safe: Ratis applies one entry at a
 * time; reads take the same lock.
 */
final class ControllerStateMachine extends BaseStateMachine {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<GroupState>> SNAPSHOT = new TypeReference<>() {
    };

    private final ControllerState state = new ControllerState();
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        load(storage.getLatestSnapshot());
    }

    @Override
    public void reinitialize() throws IOException {
        load(storage.getLatestSnapshot());
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    static byte[] encode(Object value) {
        return JSON.writeValueAsBytes(value);
    }

    static ControllerCommand decodeCommand(byte[] bytes) {
        return JSON.readValue(bytes, ControllerCommand.class);
    }

    static Outcome decodeOutcome(byte[] bytes) {
        return JSON.readValue(bytes, Outcome.class);
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        TransactionContext transaction = super.startTransaction(request);
        try {
            decodeCommand(request.getMessage().getContent().toByteArray());
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            transaction.setException(new IllegalArgumentException("not a controller command: " + e.getMessage(),
                    e));
        }
        return transaction;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto entry = transaction.getLogEntry();
        ControllerCommand command = decodeCommand(entry.getStateMachineLogEntry().getLogData().toByteArray());
        Outcome outcome;
        synchronized (this) {
            outcome = state.apply(command);
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        }
        if (outcome.accepted()) {
            LOG.info("controller applied {} of {}: leader {} at epoch {}, in sync {}", command.kind(),
                    command.group(), outcome.group().leader(), outcome.group().epoch(), outcome.group().inSync());
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(encode(outcome))));
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        Optional<GroupState> group = group(request.getContent().toStringUtf8());
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(encode(group.orElse(null)))));
    }

    /** The group as this peer has applied it so far (may trail the quorum by the entries not yet applied here). */
    synchronized Optional<GroupState> group(String brokerName) {
        return state.group(brokerName);
    }

    synchronized List<GroupState> groups() {
        return state.snapshot();
    }

    @Override
    public long takeSnapshot() throws IOException {
        List<GroupState> groups;
        TermIndex applied;
        synchronized (this) {
            groups = state.snapshot();
            applied = getLastAppliedTermIndex();
        }
        if (applied == null) {
            return -1;
        }
        File file = storage.getSnapshotFile(applied.getTerm(), applied.getIndex());
        Files.write(file.toPath(), encode(groups));
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(
                new FileInfo(file.toPath(), MD5FileUtil.computeAndSaveMd5ForFile(file)), applied));
        return applied.getIndex();
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null || !Files.exists(snapshot.getFile().getPath())) {
            return;
        }
        if (snapshot.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(snapshot.getFile().getPath().toFile(), snapshot.getFile().getFileDigest());
        }
        List<GroupState> groups = JSON.readValue(Files.readAllBytes(snapshot.getFile().getPath()), SNAPSHOT);
        synchronized (this) {
            state.restore(groups);
            updateLastAppliedTermIndex(snapshot.getTermIndex());
        }
    }
}
