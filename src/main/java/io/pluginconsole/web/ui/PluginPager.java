package io.pluginconsole.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Splits a long plugin list into pages of {@link #PAGE_SIZE}: which rows one page shows and the
 * links to the others, each keeping the state filter and the search ({@code href}).
 */
final class PluginPager {
    static final int PAGE_SIZE = 100;
    /** Page links on either side of the current one before the rest is shortened to a gap. */
    private static final int AROUND = 2;

    private PluginPager() {
    }

    /** The page number asked for: 1 when missing or not a number; pages past the end show the last. */
    static int requested(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static int pageCount(int rows) {
        return Math.max(1, (rows + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    static int clamp(int page, int rows) {
        return Math.min(Math.max(1, page), pageCount(rows));
    }

    static <T> List<T> slice(List<T> rows, int page) {
        int from = (clamp(page, rows.size()) - 1) * PAGE_SIZE;
        return rows.subList(Math.min(from, rows.size()), Math.min(from + PAGE_SIZE, rows.size()));
    }

    /** The pager for a list of {@code rows} matching rows, or null when they fit on one page. */
    static PluginManagementView.Pager of(int rows, int page, IntFunction<String> href) {
        int count = pageCount(rows);
        if (count <= 1) {
            return null;
        }
        int current = clamp(page, rows);
        List<PluginManagementView.PageLink> links = new ArrayList<>();
        int last = 0;
        for (int n = 1; n <= count; n++) {
            if (n == 1 || n == count || Math.abs(n - current) <= AROUND) {
                if (last != 0 && n > last + 1) {
                    links.add(new PluginManagementView.PageLink(0, null, false)); // a gap
                }
                links.add(new PluginManagementView.PageLink(n, href.apply(n), n == current));
                last = n;
            }
        }
        int first = (current - 1) * PAGE_SIZE + 1;
        int to = Math.min(current * PAGE_SIZE, rows);
        String summary = String.format("Showing %,d-%,d of %,d plugins", first, to, rows);
        return new PluginManagementView.Pager(summary, links,
                current > 1 ? href.apply(current - 1) : null, current < count ? href.apply(current + 1) : null);
    }
}
