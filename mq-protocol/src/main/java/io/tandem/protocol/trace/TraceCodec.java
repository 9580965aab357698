package io.tandem.protocol.trace;

import io.tandem.protocol.ProtocolException;

import java.util.ArrayList;
import java.util.List;

import static io.tandem.protocol.trace.TraceDescriptor.ABSENT;
import static io.tandem.protocol.trace.TraceDescriptor.FIELD_SEPARATOR;
import static io.tandem.protocol.trace.TraceDescriptor.RECORD_SEPARATOR;

/**
 * Writes and reads trace data in the layout of {@link TraceDescriptor}. Client records are written exactly as
 * RocketMQ's clients write them and read in each of their older layouts; records of types this version does not know
 * are skipped, as RocketMQ's own reader does. Stateless; thread-safe.
 */
public final class TraceCodec {

    private TraceCodec() {
    }

    /** The trace data of {@code records}, in order. */
    public static String encode(List<? extends TraceRecord> records) {
        StringBuilder out = new StringBuilder(128 * records.size());
        for (TraceRecord record : records) {
            append(out, record);
        }
        return out.toString();
    }

    /**
     * The records of {@code data}, in order, without those of unknown types.
     *
     * @throws ProtocolException naming the record type and field when a known record is malformed
     */
    public static List<TraceRecord> decode(String data) {
        List<TraceRecord> records = new ArrayList<>();
        if (data == null || data.isEmpty()) {
            return records;
        }
        for (String text : data.split(String.valueOf(RECORD_SEPARATOR))) {
            String[] fields = text.split(String.valueOf(FIELD_SEPARATOR));
            TraceType type = TraceType.ofWireName(fields[TraceDescriptor.TYPE]);
            if (type != null) {
                records.add(new Reader(type, fields).read());
            }
        }
        return records;
    }

    private static void append(StringBuilder out, TraceRecord record) {
        Writer w = new Writer(out, record.type());
        switch (record.type()) {
            case PUB -> {
                TraceRecord.Publish r = (TraceRecord.Publish) record;
                w.add(r.timestamp()).add(r.regionId()).add(r.group()).add(r.topic()).add(r.msgId()).add(r.tags())
                        .add(r.keys()).add(r.storeHost()).add(r.bodyLength()).add(r.costMs())
                        .add(r.messageType().ordinal()).add(r.offsetMsgId()).add(r.success());
                if (r.clientHost() != null) {
                    w.add(r.clientHost());
                }
            }
            case SUB_BEFORE -> {
                TraceRecord.ConsumeBefore r = (TraceRecord.ConsumeBefore) record;
                w.add(r.timestamp()).add(r.regionId()).add(r.group()).add(r.requestId()).add(r.msgId())
                        .add(r.retryTimes()).add(r.keys());
            }
            case SUB_AFTER -> {
                TraceRecord.ConsumeAfter r = (TraceRecord.ConsumeAfter) record;
                w.add(r.requestId()).add(r.msgId()).add(r.costMs()).add(r.success()).add(r.keys())
                        .add(r.contextCode() == null ? 0 : r.contextCode());
                // Clients add time and group unless they write for a cloud region; then an empty field ends it.
                if (r.timestamp() != null) {
                    w.add(r.timestamp()).add(r.group());
                } else {
                    w.add("");
                }
            }
            case END_TRANSACTION -> {
                TraceRecord.EndTransaction r = (TraceRecord.EndTransaction) record;
                w.add(r.timestamp()).add(r.regionId()).add(r.group()).add(r.topic()).add(r.msgId()).add(r.tags())
                        .add(r.keys()).add(r.storeHost()).add(r.messageType().ordinal()).add(r.transactionId())
                        .add(r.state().name()).add(r.fromCheck());
            }
            case RECALL -> {
                TraceRecord.Recall r = (TraceRecord.Recall) record;
                w.add(r.timestamp()).add(r.regionId()).add(r.group()).add(r.topic()).add(r.msgId()).add(r.success());
            }
            case BROKER_STORED -> {
                TraceRecord.Stored r = (TraceRecord.Stored) record;
                w.add(r.timestamp()).add(r.broker()).add(r.topic()).add(r.msgId()).add(r.tags()).add(r.keys())
                        .add(r.queueId()).add(r.queueOffset()).add(r.offsetMsgId()).add(r.storeHost())
                        .add(r.bodyLength()).add(r.bornTimestamp()).add(r.bornHost());
            }
            case BROKER_RETRY -> {
                TraceRecord.Retry r = (TraceRecord.Retry) record;
                w.add(r.timestamp()).add(r.broker()).add(r.group()).add(r.msgId()).add(r.keys()).add(r.originTopic())
                        .add(r.attempt()).add(r.delayLevel()).add(r.offsetMsgId());
            }
            case BROKER_DEAD_LETTER -> {
                TraceRecord.DeadLetter r = (TraceRecord.DeadLetter) record;
                w.add(r.timestamp()).add(r.broker()).add(r.group()).add(r.msgId()).add(r.keys()).add(r.originTopic())
                        .add(r.attempt()).add(r.reason().name()).add(r.offsetMsgId());
            }
            case BROKER_HALF -> {
                TraceRecord.HalfStored r = (TraceRecord.HalfStored) record;
                w.add(r.timestamp()).add(r.broker()).add(r.producerGroup()).add(r.topic()).add(r.msgId())
                        .add(r.keys()).add(r.halfOffset()).add(r.offsetMsgId());
            }
            case BROKER_CHECK_BACK -> {
                TraceRecord.CheckBack r = (TraceRecord.CheckBack) record;
                w.add(r.timestamp()).add(r.broker()).add(r.producerGroup()).add(r.msgId()).add(r.checkNumber())
                        .add(r.clientId()).add(r.clientAddr()).add(r.answer().name()).add(r.latencyMs());
            }
            case BROKER_DECISION -> {
                TraceRecord.Decided r = (TraceRecord.Decided) record;
                w.add(r.timestamp()).add(r.broker()).add(r.producerGroup()).add(r.msgId()).add(r.decision())
                        .add(r.source()).add(r.halfOffset());
            }
        }
        out.append(RECORD_SEPARATOR);
    }

    private static String text(String value) {
        return value == null ? ABSENT : value;
    }

    /** Appends the fields of one record, each after a field separator. */
    private static final class Writer {
        private final StringBuilder out;

        Writer(StringBuilder out, TraceType type) {
            this.out = out;
            out.append(type.wireName());
        }

        Writer add(String value) {
            String text = text(value);
            if (text.indexOf(FIELD_SEPARATOR) >= 0 || text.indexOf(RECORD_SEPARATOR) >= 0) {
                throw new IllegalArgumentException("trace field '" + text.replace(FIELD_SEPARATOR, '?')
                        .replace(RECORD_SEPARATOR, '?') + "' contains a separator character (U+0001 or U+0002)");
            }
            out.append(FIELD_SEPARATOR).append(text);
            return this;
        }

        Writer add(long value) {
            out.append(FIELD_SEPARATOR).append(value);
            return this;
        }

        Writer add(boolean value) {
            out.append(FIELD_SEPARATOR).append(value);
            return this;
        }
    }

    /** Reads the fields of one record, naming the record and field in every error. */
    private static final class Reader {
        private final TraceType type;
        private final String[] fields;

        Reader(TraceType type, String[] fields) {
            this.type = type;
            this.fields = fields;
        }

        TraceRecord read() {
            return switch (type) {
                case PUB -> publish();
                case SUB_BEFORE -> {
                    need(TraceDescriptor.SubBefore.FIELDS);
                    yield new TraceRecord.ConsumeBefore(number(TraceDescriptor.SubBefore.TIME),
                            text(TraceDescriptor.SubBefore.REGION), text(TraceDescriptor.SubBefore.GROUP),
                            text(TraceDescriptor.SubBefore.REQUEST_ID), text(TraceDescriptor.SubBefore.MSG_ID),
                            (int) number(TraceDescriptor.SubBefore.RETRY_TIMES), text(TraceDescriptor.SubBefore.KEYS));
                }
                case SUB_AFTER -> consumeAfter();
                case END_TRANSACTION -> {
                    need(TraceDescriptor.EndTransaction.FIELDS);
                    yield new TraceRecord.EndTransaction(number(TraceDescriptor.EndTransaction.TIME),
                            text(TraceDescriptor.EndTransaction.REGION), text(TraceDescriptor.EndTransaction.GROUP),
                            text(TraceDescriptor.EndTransaction.TOPIC), text(TraceDescriptor.EndTransaction.MSG_ID),
                            text(TraceDescriptor.EndTransaction.TAGS), text(TraceDescriptor.EndTransaction.KEYS),
                            text(TraceDescriptor.EndTransaction.STORE_HOST),
                            messageType(TraceDescriptor.EndTransaction.MSG_TYPE),
                            text(TraceDescriptor.EndTransaction.TRANSACTION_ID),
                            constant(TransactionState.class, TraceDescriptor.EndTransaction.STATE),
                            bool(TraceDescriptor.EndTransaction.FROM_CHECK));
                }
                case RECALL -> {
                    need(TraceDescriptor.Recall.FIELDS);
                    yield new TraceRecord.Recall(number(TraceDescriptor.Recall.TIME),
                            text(TraceDescriptor.Recall.REGION), text(TraceDescriptor.Recall.GROUP),
                            text(TraceDescriptor.Recall.TOPIC), text(TraceDescriptor.Recall.MSG_ID),
                            bool(TraceDescriptor.Recall.SUCCESS));
                }
                case BROKER_STORED -> {
                    need(TraceDescriptor.BrokerStored.FIELDS);
                    yield new TraceRecord.Stored(number(TraceDescriptor.BrokerStored.TIME),
                            text(TraceDescriptor.BrokerStored.BROKER), text(TraceDescriptor.BrokerStored.TOPIC),
                            text(TraceDescriptor.BrokerStored.MSG_ID), text(TraceDescriptor.BrokerStored.TAGS),
                            text(TraceDescriptor.BrokerStored.KEYS), (int) number(TraceDescriptor.BrokerStored.QUEUE_ID),
                            number(TraceDescriptor.BrokerStored.QUEUE_OFFSET),
                            text(TraceDescriptor.BrokerStored.OFFSET_MSG_ID),
                            text(TraceDescriptor.BrokerStored.STORE_HOST),
                            (int) number(TraceDescriptor.BrokerStored.BODY_LENGTH),
                            number(TraceDescriptor.BrokerStored.BORN_TIME), text(TraceDescriptor.BrokerStored.BORN_HOST));
                }
                case BROKER_RETRY -> {
                    need(TraceDescriptor.BrokerRedelivery.FIELDS);
                    yield new TraceRecord.Retry(number(TraceDescriptor.BrokerRedelivery.TIME),
                            text(TraceDescriptor.BrokerRedelivery.BROKER), text(TraceDescriptor.BrokerRedelivery.GROUP),
                            text(TraceDescriptor.BrokerRedelivery.MSG_ID), text(TraceDescriptor.BrokerRedelivery.KEYS),
                            text(TraceDescriptor.BrokerRedelivery.ORIGIN_TOPIC),
                            (int) number(TraceDescriptor.BrokerRedelivery.ATTEMPT),
                            (int) number(TraceDescriptor.BrokerRedelivery.DETAIL),
                            text(TraceDescriptor.BrokerRedelivery.OFFSET_MSG_ID));
                }
                case BROKER_DEAD_LETTER -> {
                    need(TraceDescriptor.BrokerRedelivery.FIELDS);
                    yield new TraceRecord.DeadLetter(number(TraceDescriptor.BrokerRedelivery.TIME),
                            text(TraceDescriptor.BrokerRedelivery.BROKER), text(TraceDescriptor.BrokerRedelivery.GROUP),
                            text(TraceDescriptor.BrokerRedelivery.MSG_ID), text(TraceDescriptor.BrokerRedelivery.KEYS),
                            text(TraceDescriptor.BrokerRedelivery.ORIGIN_TOPIC),
                            (int) number(TraceDescriptor.BrokerRedelivery.ATTEMPT),
                            constant(DeadLetterReason.class, TraceDescriptor.BrokerRedelivery.DETAIL),
                            text(TraceDescriptor.BrokerRedelivery.OFFSET_MSG_ID));
                }
                case BROKER_HALF -> {
                    need(TraceDescriptor.BrokerHalf.FIELDS);
                    yield new TraceRecord.HalfStored(number(TraceDescriptor.BrokerHalf.TIME),
                            text(TraceDescriptor.BrokerHalf.BROKER), text(TraceDescriptor.BrokerHalf.PRODUCER_GROUP),
                            text(TraceDescriptor.BrokerHalf.TOPIC), text(TraceDescriptor.BrokerHalf.MSG_ID),
                            text(TraceDescriptor.BrokerHalf.KEYS), number(TraceDescriptor.BrokerHalf.HALF_OFFSET),
                            text(TraceDescriptor.BrokerHalf.OFFSET_MSG_ID));
                }
                case BROKER_CHECK_BACK -> {
                    need(TraceDescriptor.BrokerCheckBack.FIELDS);
                    yield new TraceRecord.CheckBack(number(TraceDescriptor.BrokerCheckBack.TIME),
                            text(TraceDescriptor.BrokerCheckBack.BROKER),
                            text(TraceDescriptor.BrokerCheckBack.PRODUCER_GROUP),
                            text(TraceDescriptor.BrokerCheckBack.MSG_ID),
                            (int) number(TraceDescriptor.BrokerCheckBack.CHECK_NUMBER),
                            text(TraceDescriptor.BrokerCheckBack.CLIENT_ID),
                            text(TraceDescriptor.BrokerCheckBack.CLIENT_ADDR),
                            constant(CheckBackAnswer.class, TraceDescriptor.BrokerCheckBack.ANSWER),
                            number(TraceDescriptor.BrokerCheckBack.LATENCY_MS));
                }
                case BROKER_DECISION -> {
                    need(TraceDescriptor.BrokerDecision.FIELDS);
                    yield new TraceRecord.Decided(number(TraceDescriptor.BrokerDecision.TIME),
                            text(TraceDescriptor.BrokerDecision.BROKER),
                            text(TraceDescriptor.BrokerDecision.PRODUCER_GROUP),
                            text(TraceDescriptor.BrokerDecision.MSG_ID), required(TraceDescriptor.BrokerDecision.DECISION),
                            required(TraceDescriptor.BrokerDecision.SOURCE),
                            number(TraceDescriptor.BrokerDecision.HALF_OFFSET));
                }
            };
        }

        private TraceRecord publish() {
            need(TraceDescriptor.Pub.MIN_FIELDS);
            boolean withOffsetId = fields.length > TraceDescriptor.Pub.MIN_FIELDS;
            return new TraceRecord.Publish(number(TraceDescriptor.Pub.TIME), text(TraceDescriptor.Pub.REGION),
                    text(TraceDescriptor.Pub.GROUP), text(TraceDescriptor.Pub.TOPIC), text(TraceDescriptor.Pub.MSG_ID),
                    text(TraceDescriptor.Pub.TAGS), text(TraceDescriptor.Pub.KEYS),
                    text(TraceDescriptor.Pub.STORE_HOST), (int) number(TraceDescriptor.Pub.BODY_LENGTH),
                    (int) number(TraceDescriptor.Pub.COST_MS), messageType(TraceDescriptor.Pub.MSG_TYPE),
                    withOffsetId ? text(TraceDescriptor.Pub.OFFSET_MSG_ID) : null,
                    bool(withOffsetId ? TraceDescriptor.Pub.SUCCESS : TraceDescriptor.Pub.SUCCESS_WITHOUT_OFFSET_ID),
                    fields.length > TraceDescriptor.Pub.CLIENT_HOST ? text(TraceDescriptor.Pub.CLIENT_HOST) : null);
        }

        private TraceRecord consumeAfter() {
            need(TraceDescriptor.SubAfter.MIN_FIELDS);
            boolean withContext = fields.length > TraceDescriptor.SubAfter.CONTEXT_CODE;
            boolean withTime = fields.length >= TraceDescriptor.SubAfter.FIELDS;
            return new TraceRecord.ConsumeAfter(text(TraceDescriptor.SubAfter.REQUEST_ID),
                    text(TraceDescriptor.SubAfter.MSG_ID), (int) number(TraceDescriptor.SubAfter.COST_MS),
                    bool(TraceDescriptor.SubAfter.SUCCESS), text(TraceDescriptor.SubAfter.KEYS),
                    withContext ? (int) number(TraceDescriptor.SubAfter.CONTEXT_CODE) : null,
                    withTime ? number(TraceDescriptor.SubAfter.TIME) : null,
                    withTime ? text(TraceDescriptor.SubAfter.GROUP) : null);
        }

        private void need(int count) {
            if (fields.length < count) {
                throw new ProtocolException(type.wireName() + " trace record has " + fields.length
                        + " fields, at least " + count + " are needed");
            }
        }

        private String text(int index) {
            String value = fields[index];
            return ABSENT.equals(value) ? null : value;
        }

        private String required(int index) {
            String value = text(index);
            if (value == null || value.isEmpty()) {
                throw malformed(index, "is empty");
            }
            return value;
        }

        private long number(int index) {
            try {
                return Long.parseLong(fields[index].strip());
            } catch (NumberFormatException e) {
                throw malformed(index, "'" + fields[index] + "' is not a number");
            }
        }

        private boolean bool(int index) {
            // As the clients read it: anything but "true" is false.
            return Boolean.parseBoolean(fields[index].strip());
        }

        private TraceMessageType messageType(int index) {
            try {
                return TraceMessageType.ofOrdinal((int) number(index));
            } catch (IllegalArgumentException e) {
                throw malformed(index, e.getMessage());
            }
        }

        private <E extends Enum<E>> E constant(Class<E> kind, int index) {
            try {
                return Enum.valueOf(kind, fields[index].strip());
            } catch (IllegalArgumentException e) {
                throw malformed(index, "'" + fields[index] + "' is not a " + kind.getSimpleName());
            }
        }

        private ProtocolException malformed(int index, String problem) {
            return new ProtocolException(type.wireName() + " trace record: field " + index + " " + problem);
        }
    }
}
