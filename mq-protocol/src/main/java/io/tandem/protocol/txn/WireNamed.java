package io.tandem.protocol.txn;

/** An enum constant with a fixed text on the wire, independent of its Java name. */
interface WireNamed {

    /** The constant's text in extFields, JSON bodies and records. */
    String wireName();
}
