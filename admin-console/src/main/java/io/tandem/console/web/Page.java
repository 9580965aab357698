package io.tandem.console.web;

import java.util.List;

/**
 * One page of a filtered list.
 *
 * @param rows    the rows of this page
 * @param number  this page's number, from 0
 * @param size    rows per page
 * @param total   rows over all pages
 */
record Page<T>(List<T> rows, int number, int size, int total) {

    static <T> Page<T> of(List<T> all, int number, int size) {
        int pages = Math.max(1, (all.size() + size - 1) / size);
        int page = Math.max(0, Math.min(number, pages - 1));
        int from = page * size;
        return new Page<>(List.copyOf(all.subList(from, Math.min(all.size(), from + size))), page, size, all.size());
    }

    public int pages() {
        return Math.max(1, (total + size - 1) / size);
    }

    public boolean hasPrevious() {
        return number > 0;
    }

    public boolean hasNext() {
        return number + 1 < pages();
    }

    public int first() {
        return total == 0 ? 0 : number * size + 1;
    }

    public int last() {
        return number * size + rows.size();
    }
}
