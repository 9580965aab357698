package io.tandem.protocol.header;

import java.util.Map;

/**
 * A typed custom header: the fields a request or response carries in the command's extFields (fact sheet 1.6).
 * Implementations are immutable records; each also offers {@code fromExtFields(Map)} that validates and parses.
 */
public interface CommandHeader {

    /**
     * The header as extFields: one entry per non-null field, values as decimal text or {@code "true"}/{@code
     * "false"}, in the field order of the fact sheet (the order the Java "fast" binary codec uses). The map is a new,
     * modifiable map the caller may extend.
     */
    Map<String, String> toExtFields();
}
