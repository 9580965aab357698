package io.tandem.coordinator.audit;

import java.util.List;

/**
 * One page of audit entries, newest first.
 *
 * @param entries the entries of the page
 * @param page    the page number, from 0
 * @param size    the page size asked for
 * @param total   how many entries match the query across all pages
 */
public record AuditPage(List<AuditEntry> entries, int page, int size, long total) {

    public AuditPage {
        entries = List.copyOf(entries);
    }
}
