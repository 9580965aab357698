package io.tandem.protocol;

/**
 * Request codes of the remoting protocol that the classic RocketMQ clients, brokers and name servers use (fact sheet
 * section 2). A request's code selects its processor; the request's custom header travels in the command's
 * extFields and is read by the matching record in {@code io.tandem.protocol.header}.
 */
public final class RequestCode {

    public static final int SEND_MESSAGE = 10;
    public static final int PULL_MESSAGE = 11;
    public static final int QUERY_MESSAGE = 12;
    public static final int QUERY_CONSUMER_OFFSET = 14;
    public static final int UPDATE_CONSUMER_OFFSET = 15;
    public static final int SEARCH_OFFSET_BY_TIMESTAMP = 29;
    public static final int GET_MAX_OFFSET = 30;
    public static final int GET_MIN_OFFSET = 31;
    public static final int GET_EARLIEST_MSG_STORETIME = 32;
    public static final int VIEW_MESSAGE_BY_ID = 33;
    public static final int HEART_BEAT = 34;
    public static final int UNREGISTER_CLIENT = 35;
    public static final int CONSUMER_SEND_MSG_BACK = 36;
    public static final int END_TRANSACTION = 37;
    public static final int GET_CONSUMER_LIST_BY_GROUP = 38;
    public static final int CHECK_TRANSACTION_STATE = 39;
    public static final int NOTIFY_CONSUMER_IDS_CHANGED = 40;
    public static final int LOCK_BATCH_MQ = 41;
    public static final int UNLOCK_BATCH_MQ = 42;
    public static final int CHECK_CLIENT_CONFIG = 46;
    /**
     * Broker to name server (fact sheet 6.6): header {@code RegisterBrokerRequestHeader}, body
     * {@code RegisterBrokerBody}; not sent by clients.
     */
    public static final int REGISTER_BROKER = 103;
    /** Broker to name server (fact sheet 6.6): header {@code UnregisterBrokerRequestHeader}; not sent by clients. */
    public static final int UNREGISTER_BROKER = 104;
    public static final int GET_ROUTEINFO_BY_TOPIC = 105;
    /** Seen from the reference broker to the name server; the body uses the unquoted-key JSON form. */
    public static final int GET_BROKER_CLUSTER_INFO = 106;
    public static final int RESET_CONSUMER_CLIENT_OFFSET = 220;
    public static final int GET_CONSUMER_STATUS_FROM_CLIENT = 221;
    public static final int GET_CONSUMER_RUNNING_INFO = 307;
    public static final int CONSUME_MESSAGE_DIRECTLY = 309;
    public static final int SEND_MESSAGE_V2 = 310;
    public static final int SEND_BATCH_MESSAGE = 320;
    public static final int SEND_REPLY_MESSAGE = 324;
    public static final int SEND_REPLY_MESSAGE_V2 = 325;
    public static final int PUSH_REPLY_MESSAGE_TO_CLIENT = 326;
    public static final int LITE_PULL_MESSAGE = 361;
    public static final int RECALL_MESSAGE = 370;
    /** POP consumption (not covered by Tandem); does not fit the binary header's int16 code field. */
    public static final int POP_MESSAGE = 200050;
    public static final int ACK_MESSAGE = 200051;
    public static final int CHANGE_MESSAGE_INVISIBLETIME = 200053;
    public static final int QUERY_ASSIGNMENT = 400;

    // Administration (RocketMQ's admin tools and Tandem's admin client).
    /** Create or update a topic on a broker; header {@code CreateTopicRequestHeader}. */
    public static final int UPDATE_AND_CREATE_TOPIC = 17;
    /** All topic configurations of a broker; body {@code {"topicConfigTable":{name:{...}}}}. */
    public static final int GET_ALL_TOPIC_CONFIG = 21;
    /** Create or update a subscription group; body: the group's configuration JSON. */
    public static final int UPDATE_AND_CREATE_SUBSCRIPTIONGROUP = 200;
    /** All subscription groups of a broker; body {@code {"subscriptionGroupTable":{name:{...}}}}. */
    public static final int GET_ALL_SUBSCRIPTIONGROUP_CONFIG = 201;
    /** Offsets of every queue of a topic; header {@code topic}. */
    public static final int GET_TOPIC_STATS_INFO = 202;
    /** Connections of a consumer group; header {@code consumerGroup}. */
    public static final int GET_CONSUMER_CONNECTION_LIST = 203;
    /** Topic names known to the name server; body {@code {"topicList":[...]}}. */
    public static final int GET_ALL_TOPIC_LIST_FROM_NAMESERVER = 206;
    /** Delete a subscription group; header {@code groupName}. */
    public static final int DELETE_SUBSCRIPTIONGROUP = 207;
    /** Broker and consumer offsets of a group; header {@code consumerGroup}, optional {@code topic}. */
    public static final int GET_CONSUME_STATS = 208;
    /** Delete a topic on a broker; header {@code topic}. */
    public static final int DELETE_TOPIC_IN_BROKER = 215;
    /** Delete a topic's route on the name server; header {@code topic}, optional {@code clusterName}. */
    public static final int DELETE_TOPIC_IN_NAMESRV = 216;
    /** Change broker settings at runtime; body: {@code key=value} lines (java.util.Properties text). */
    public static final int UPDATE_BROKER_CONFIG = 25;
    /** The broker's settings; body: {@code key=value} lines (java.util.Properties text). */
    public static final int GET_BROKER_CONFIG = 26;
    /** The broker's runtime figures; body {@code KvTable} with the keys of {@code BrokerRuntimeKeys}. */
    public static final int GET_BROKER_RUNTIME_INFO = 28;
    /** Connections of a producer group; header {@code producerGroup}; body {@code ProducerConnection}. */
    public static final int GET_PRODUCER_CONNECTION_LIST = 204;
    /** Reset a group's offsets of a topic to a time; header {@code ResetOffsetRequestHeader}; body {@code ResetOffsetBody}. */
    public static final int INVOKE_BROKER_TO_RESET_OFFSET = 222;
    /** Topics of a cluster (name server); header {@code cluster}; body {@code TopicList}. */
    public static final int GET_TOPICS_BY_CLUSTER = 224;
    /** Groups that consume a topic; header {@code topic}; body {@code GroupList}. */
    public static final int QUERY_TOPIC_CONSUME_BY_WHO = 300;
    /** Topics the broker and name server keep for themselves (name server); body {@code TopicList}. */
    public static final int GET_SYSTEM_TOPIC_LIST_FROM_NS = 304;
    /** Consume progress of every group of a broker; header {@code isOrder}; body {@code ConsumeStatsList}. */
    public static final int GET_BROKER_CONSUME_STATS = 317;
    /** Topics a group consumes; header {@code group}; body {@code TopicList}. */
    public static final int QUERY_TOPICS_BY_CONSUMER = 343;
    /** One topic's configuration on a broker; header {@code topic}; body {@code TopicConfig}. */
    public static final int GET_TOPIC_CONFIG = 351;
    /** One group's configuration on a broker; header {@code group}; body {@code SubscriptionGroupConfig}. */
    public static final int GET_SUBSCRIPTIONGROUP_CONFIG = 352;
    /** The live members of one broker group, from the name server; header {@code clusterName}, {@code brokerName}. */
    public static final int GET_BROKER_MEMBER_GROUP = 901;

    // Name-server key/value configuration (namespaces such as ORDER_TOPIC_CONFIG), kept durably.
    /** Put one value; header {@code namespace}, {@code key}, {@code value}. */
    public static final int PUT_KV_CONFIG = 100;
    /** Read one value; header {@code namespace}, {@code key}; answer header {@code value}, or QUERY_NOT_FOUND. */
    public static final int GET_KV_CONFIG = 101;
    /** Delete one value (absent values too); header {@code namespace}, {@code key}. */
    public static final int DELETE_KV_CONFIG = 102;
    /** Every value of a namespace; header {@code namespace}; body {@code KvTable}, or QUERY_NOT_FOUND. */
    public static final int GET_KVLIST_BY_NAMESPACE = 219;

    // Users and access control (RocketMQ 5.3 ACL 2.0; mqadmin's user and ACL commands and Tandem's admin client).
    /** Create a user; header {@code UserRequestHeader}, body {@code UserInfo}. */
    public static final int AUTH_CREATE_USER = 3001;
    /** Change a user's secret, type or status; header {@code UserRequestHeader}, body {@code UserInfo}. */
    public static final int AUTH_UPDATE_USER = 3002;
    /** Delete a user; header {@code UserRequestHeader}. */
    public static final int AUTH_DELETE_USER = 3003;
    /** One user; header {@code UserRequestHeader}; body {@code UserInfo}, or none when there is no such user. */
    public static final int AUTH_GET_USER = 3004;
    /** Users whose name contains a filter; header {@code ListUsersRequestHeader}; body a JSON array of UserInfo. */
    public static final int AUTH_LIST_USER = 3005;
    /** Add or replace policy entries of a subject; header {@code AclRequestHeader}, body {@code AclInfo}. */
    public static final int AUTH_CREATE_ACL = 3006;
    /** Same effect as {@link #AUTH_CREATE_ACL}; header {@code AclRequestHeader}, body {@code AclInfo}. */
    public static final int AUTH_UPDATE_ACL = 3007;
    /** Delete a subject's entry for one resource, or all of its ACL; header {@code DeleteAclRequestHeader}. */
    public static final int AUTH_DELETE_ACL = 3008;
    /** A subject's ACL; header {@code AclRequestHeader}; body {@code AclInfo}, or none. */
    public static final int AUTH_GET_ACL = 3009;
    /** ACLs matching filters; header {@code ListAclsRequestHeader}; body a JSON array of AclInfo. */
    public static final int AUTH_LIST_ACL = 3010;

    // Tandem extensions for transaction coordinators (not in the reference protocol), typed in io.tandem.protocol.txn.
    /** Undecided half messages of a broker; header {@code ListHalvesRequestHeader}; body {@code HalfMessageList}. */
    public static final int TANDEM_LIST_HALVES = 100_100;
    /** Send CHECK_TRANSACTION_STATE about one half to a live producer; header {@code CheckHalfRequestHeader}. */
    public static final int TANDEM_CHECK_HALF = 100_101;
    /** Decide one half; header {@code ResolveHalfRequestHeader}. */
    public static final int TANDEM_RESOLVE_HALF = 100_102;
    /**
     * Decisions recorded by a broker, in order; header {@code HalfDecisionsRequestHeader}; body
     * {@code HalfDecisionList}.
     */
    public static final int TANDEM_HALF_DECISIONS = 100_103;
    /** Stop or resume checking a half (end-of-checks PARK, operator resume); header {@code ParkHalfRequestHeader}. */
    public static final int TANDEM_PARK_HALF = 100_104;

    // Tandem extensions for the controller in the name servers, typed in io.tandem.protocol.controller.
    /**
     * A member of a replicated broker group reports itself to a controller peer and learns its group's leader;
     * header {@code ControllerHeartbeatRequestHeader}, answer {@code ControllerGroupResponseHeader}.
     */
    public static final int TANDEM_CONTROLLER_HEARTBEAT = 100_200;
    /** A group's leader reports its in-sync set at its epoch; header {@code AlterInSyncRequestHeader}. */
    public static final int TANDEM_CONTROLLER_ALTER_IN_SYNC = 100_201;
    /** An operator elects a member, out-of-sync ones only if unclean; header {@code ElectLeaderRequestHeader}. */
    public static final int TANDEM_CONTROLLER_ELECT = 100_202;

    private RequestCode() {
    }

    /** The constant's name for a code, or {@code "UNKNOWN"}. */
    public static String name(int code) {
        return switch (code) {
            case SEND_MESSAGE -> "SEND_MESSAGE";
            case PULL_MESSAGE -> "PULL_MESSAGE";
            case QUERY_MESSAGE -> "QUERY_MESSAGE";
            case QUERY_CONSUMER_OFFSET -> "QUERY_CONSUMER_OFFSET";
            case UPDATE_CONSUMER_OFFSET -> "UPDATE_CONSUMER_OFFSET";
            case SEARCH_OFFSET_BY_TIMESTAMP -> "SEARCH_OFFSET_BY_TIMESTAMP";
            case GET_MAX_OFFSET -> "GET_MAX_OFFSET";
            case GET_MIN_OFFSET -> "GET_MIN_OFFSET";
            case GET_EARLIEST_MSG_STORETIME -> "GET_EARLIEST_MSG_STORETIME";
            case VIEW_MESSAGE_BY_ID -> "VIEW_MESSAGE_BY_ID";
            case HEART_BEAT -> "HEART_BEAT";
            case UNREGISTER_CLIENT -> "UNREGISTER_CLIENT";
            case CONSUMER_SEND_MSG_BACK -> "CONSUMER_SEND_MSG_BACK";
            case END_TRANSACTION -> "END_TRANSACTION";
            case GET_CONSUMER_LIST_BY_GROUP -> "GET_CONSUMER_LIST_BY_GROUP";
            case CHECK_TRANSACTION_STATE -> "CHECK_TRANSACTION_STATE";
            case NOTIFY_CONSUMER_IDS_CHANGED -> "NOTIFY_CONSUMER_IDS_CHANGED";
            case LOCK_BATCH_MQ -> "LOCK_BATCH_MQ";
            case UNLOCK_BATCH_MQ -> "UNLOCK_BATCH_MQ";
            case CHECK_CLIENT_CONFIG -> "CHECK_CLIENT_CONFIG";
            case REGISTER_BROKER -> "REGISTER_BROKER";
            case UNREGISTER_BROKER -> "UNREGISTER_BROKER";
            case GET_ROUTEINFO_BY_TOPIC -> "GET_ROUTEINFO_BY_TOPIC";
            case GET_BROKER_CLUSTER_INFO -> "GET_BROKER_CLUSTER_INFO";
            case RESET_CONSUMER_CLIENT_OFFSET -> "RESET_CONSUMER_CLIENT_OFFSET";
            case GET_CONSUMER_STATUS_FROM_CLIENT -> "GET_CONSUMER_STATUS_FROM_CLIENT";
            case GET_CONSUMER_RUNNING_INFO -> "GET_CONSUMER_RUNNING_INFO";
            case CONSUME_MESSAGE_DIRECTLY -> "CONSUME_MESSAGE_DIRECTLY";
            case SEND_MESSAGE_V2 -> "SEND_MESSAGE_V2";
            case SEND_BATCH_MESSAGE -> "SEND_BATCH_MESSAGE";
            case SEND_REPLY_MESSAGE -> "SEND_REPLY_MESSAGE";
            case SEND_REPLY_MESSAGE_V2 -> "SEND_REPLY_MESSAGE_V2";
            case PUSH_REPLY_MESSAGE_TO_CLIENT -> "PUSH_REPLY_MESSAGE_TO_CLIENT";
            case LITE_PULL_MESSAGE -> "LITE_PULL_MESSAGE";
            case RECALL_MESSAGE -> "RECALL_MESSAGE";
            case POP_MESSAGE -> "POP_MESSAGE";
            case ACK_MESSAGE -> "ACK_MESSAGE";
            case CHANGE_MESSAGE_INVISIBLETIME -> "CHANGE_MESSAGE_INVISIBLETIME";
            case QUERY_ASSIGNMENT -> "QUERY_ASSIGNMENT";
            case UPDATE_AND_CREATE_TOPIC -> "UPDATE_AND_CREATE_TOPIC";
            case GET_ALL_TOPIC_CONFIG -> "GET_ALL_TOPIC_CONFIG";
            case UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> "UPDATE_AND_CREATE_SUBSCRIPTIONGROUP";
            case GET_ALL_SUBSCRIPTIONGROUP_CONFIG -> "GET_ALL_SUBSCRIPTIONGROUP_CONFIG";
            case GET_TOPIC_STATS_INFO -> "GET_TOPIC_STATS_INFO";
            case GET_CONSUMER_CONNECTION_LIST -> "GET_CONSUMER_CONNECTION_LIST";
            case GET_ALL_TOPIC_LIST_FROM_NAMESERVER -> "GET_ALL_TOPIC_LIST_FROM_NAMESERVER";
            case DELETE_SUBSCRIPTIONGROUP -> "DELETE_SUBSCRIPTIONGROUP";
            case GET_CONSUME_STATS -> "GET_CONSUME_STATS";
            case DELETE_TOPIC_IN_BROKER -> "DELETE_TOPIC_IN_BROKER";
            case DELETE_TOPIC_IN_NAMESRV -> "DELETE_TOPIC_IN_NAMESRV";
            case AUTH_CREATE_USER -> "AUTH_CREATE_USER";
            case AUTH_UPDATE_USER -> "AUTH_UPDATE_USER";
            case AUTH_DELETE_USER -> "AUTH_DELETE_USER";
            case AUTH_GET_USER -> "AUTH_GET_USER";
            case AUTH_LIST_USER -> "AUTH_LIST_USER";
            case AUTH_CREATE_ACL -> "AUTH_CREATE_ACL";
            case AUTH_UPDATE_ACL -> "AUTH_UPDATE_ACL";
            case AUTH_DELETE_ACL -> "AUTH_DELETE_ACL";
            case AUTH_GET_ACL -> "AUTH_GET_ACL";
            case AUTH_LIST_ACL -> "AUTH_LIST_ACL";
            case UPDATE_BROKER_CONFIG -> "UPDATE_BROKER_CONFIG";
            case GET_BROKER_CONFIG -> "GET_BROKER_CONFIG";
            case GET_BROKER_RUNTIME_INFO -> "GET_BROKER_RUNTIME_INFO";
            case GET_PRODUCER_CONNECTION_LIST -> "GET_PRODUCER_CONNECTION_LIST";
            case INVOKE_BROKER_TO_RESET_OFFSET -> "INVOKE_BROKER_TO_RESET_OFFSET";
            case GET_TOPICS_BY_CLUSTER -> "GET_TOPICS_BY_CLUSTER";
            case QUERY_TOPIC_CONSUME_BY_WHO -> "QUERY_TOPIC_CONSUME_BY_WHO";
            case GET_SYSTEM_TOPIC_LIST_FROM_NS -> "GET_SYSTEM_TOPIC_LIST_FROM_NS";
            case GET_BROKER_CONSUME_STATS -> "GET_BROKER_CONSUME_STATS";
            case QUERY_TOPICS_BY_CONSUMER -> "QUERY_TOPICS_BY_CONSUMER";
            case GET_TOPIC_CONFIG -> "GET_TOPIC_CONFIG";
            case GET_SUBSCRIPTIONGROUP_CONFIG -> "GET_SUBSCRIPTIONGROUP_CONFIG";
            case PUT_KV_CONFIG -> "PUT_KV_CONFIG";
            case GET_KV_CONFIG -> "GET_KV_CONFIG";
            case DELETE_KV_CONFIG -> "DELETE_KV_CONFIG";
            case GET_KVLIST_BY_NAMESPACE -> "GET_KVLIST_BY_NAMESPACE";
            case GET_BROKER_MEMBER_GROUP -> "GET_BROKER_MEMBER_GROUP";
            case TANDEM_LIST_HALVES -> "TANDEM_LIST_HALVES";
            case TANDEM_CHECK_HALF -> "TANDEM_CHECK_HALF";
            case TANDEM_RESOLVE_HALF -> "TANDEM_RESOLVE_HALF";
            case TANDEM_HALF_DECISIONS -> "TANDEM_HALF_DECISIONS";
            case TANDEM_PARK_HALF -> "TANDEM_PARK_HALF";
            case TANDEM_CONTROLLER_HEARTBEAT -> "TANDEM_CONTROLLER_HEARTBEAT";
            case TANDEM_CONTROLLER_ALTER_IN_SYNC -> "TANDEM_CONTROLLER_ALTER_IN_SYNC";
            case TANDEM_CONTROLLER_ELECT -> "TANDEM_CONTROLLER_ELECT";
            default -> "UNKNOWN";
        };
    }

    /** {@code NAME(code)}, for messages and logs. */
    public static String describe(int code) {
        return name(code) + "(" + code + ")";
    }
}
