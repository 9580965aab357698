package io.tandem.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * Every observation of the starter, with its key names and events: the one place that lists what Tandem reports to
 * Micrometer.
 *
 * <p>With Spring Boot's metrics, each observation is a timer of its name (tagged with the low-cardinality keys and
 * {@code error}, the exception's class name or {@code none}) plus a long task timer {@code <name>.active}, and each
 * event is a counter {@code <name>.<event>} with the observation's low-cardinality tags:
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>meter</th><th>type</th><th>counts</th></tr>
 * <tr><td>{@code tandem.mq.send}</td><td>timer</td><td>sends through {@code MqTemplate}, retries included;
 * {@code error} tells failed ones</td></tr>
 * <tr><td>{@code tandem.mq.send.retries}</td><td>counter</td><td>further attempts of a send by the template's
 * retry</td></tr>
 * <tr><td>{@code tandem.mq.process}</td><td>timer</td><td>listener calls, one per delivered message (dead-letter
 * handlers included); {@code error} tells failed ones</td></tr>
 * <tr><td>{@code tandem.mq.process.redeliveries}</td><td>counter</td><td>listener calls on a message that failed
 * before (reconsume times above 0)</td></tr>
 * <tr><td>{@code tandem.mq.process.dead.letters}</td><td>counter</td><td>failed listener calls on a message's last
 * allowed delivery: the message goes to the dead-letter queue {@code %DLQ%<group>}</td></tr>
 * </table>
 *
 * <p>With Micrometer Tracing, a send is a producer span whose context travels in the message's user properties
 * ({@code traceparent} and {@code tracestate} with W3C propagation), and a listener call is a consumer span that
 * continues it, so one trace spans producer, broker and consumer.
 */
public enum MqObservation implements ObservationDocumentation {

    /** One send of {@code MqTemplate}: a message or a batch, every attempt of its retry included. */
    SEND {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultMqTemplateObservationConvention.class;
        }

        @Override
        public String getName() {
            return "tandem.mq.send";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return MessagingLowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return MessagingHighCardinalityKeys.values();
        }

        @Override
        public Observation.Event[] getEvents() {
            return new Observation.Event[] {Events.SEND_RETRY};
        }
    },

    /** One call of a listener ({@code @MqListener} method, {@code @MqDlqHandler} method or endpoint listener). */
    PROCESS {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultMqListenerObservationConvention.class;
        }

        @Override
        public String getName() {
            return "tandem.mq.process";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return KeyName.merge(MessagingLowCardinalityKeys.values(), ListenerLowCardinalityKeys.values());
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return KeyName.merge(MessagingHighCardinalityKeys.values(), ListenerHighCardinalityKeys.values());
        }

        @Override
        public Observation.Event[] getEvents() {
            return new Observation.Event[] {Events.REDELIVERY, Events.DEAD_LETTER};
        }
    };

    /** Low-cardinality keys of both observations: tags of their meters. */
    public enum MessagingLowCardinalityKeys implements KeyName {

        /** Always {@code tandem}. */
        MESSAGING_SYSTEM {
            @Override
            public String asString() {
                return "messaging.system";
            }
        },

        /** {@code send} or {@code process}. */
        MESSAGING_OPERATION {
            @Override
            public String asString() {
                return "messaging.operation.type";
            }
        },

        /**
         * The topic sent to; for a listener call the topic the message was sent to (also for retried copies), and
         * {@code %DLQ%<group>} for a dead-letter handler.
         */
        DESTINATION {
            @Override
            public String asString() {
                return "messaging.destination.name";
            }
        }
    }

    /** Further low-cardinality keys of {@link #PROCESS}. */
    public enum ListenerLowCardinalityKeys implements KeyName {

        /** The consumer group; {@code <group>-dlq} (or the configured one) for a dead-letter handler. */
        CONSUMER_GROUP {
            @Override
            public String asString() {
                return "messaging.consumer.group.name";
            }
        },

        /** The listener endpoint id; {@code <id>.dlq} for its dead-letter handler. */
        LISTENER_ID {
            @Override
            public String asString() {
                return "tandem.mq.listener.id";
            }
        }
    }

    /** High-cardinality keys of both observations: on spans only. */
    public enum MessagingHighCardinalityKeys implements KeyName {

        /**
         * The message id: on a send the id the broker answered (ids joined by commas for a batch; absent for oneway
         * sends and failures), on a listener call the same on every delivery.
         */
        MESSAGE_ID {
            @Override
            public String asString() {
                return "messaging.message.id";
            }
        }
    }

    /** Further high-cardinality keys of {@link #PROCESS}. */
    public enum ListenerHighCardinalityKeys implements KeyName {

        /** Failed deliveries before this one. */
        RECONSUME_TIMES {
            @Override
            public String asString() {
                return "tandem.mq.reconsume.times";
            }
        }
    }

    /** The events of the observations; each is a counter {@code <observation name>.<event name>}. */
    public enum Events implements Observation.Event {

        /** {@link #SEND}: a failed attempt is tried again. */
        SEND_RETRY("retries", "retry"),

        /** {@link #PROCESS}: the message failed on an earlier delivery. */
        REDELIVERY("redeliveries", "redelivery"),

        /** {@link #PROCESS}: the listener failed on the message's last allowed delivery; it goes to the DLQ. */
        DEAD_LETTER("dead.letters", "dead letter");

        private final String name;
        private final String contextualName;

        Events(String name, String contextualName) {
            this.name = name;
            this.contextualName = contextualName;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getContextualName() {
            return contextualName;
        }
    }
}
