package io.tandem.protocol.body;

/** Whether a group's members share the queues or each gets every message (fact sheet 6.2). */
public enum MessageModel {
    BROADCASTING,
    CLUSTERING
}
