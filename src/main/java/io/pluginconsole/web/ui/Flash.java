package io.pluginconsole.web.ui;

import java.util.concurrent.ConcurrentHashMap;

/** One-shot messages shown on the next page a session loads (after a POST and its redirect). */
public final class Flash {
    /**
     * A message and whether it reports success; {@code url} is the address a failed install from
     * URL was given, so the form shows it again (kept here, never taken from the page's address).
     */
    public record Message(boolean success, String text, String url) {
        public Message(boolean success, String text) {
            this(success, text, null);
        }
    }

    private final ConcurrentHashMap<String, Message> messages = new ConcurrentHashMap<>();

    public void put(String sessionId, boolean success, String text) {
        put(sessionId, new Message(success, text));
    }

    public void put(String sessionId, Message message) {
        if (messages.size() > 10_000) {
            messages.clear();
        }
        messages.put(sessionId, message);
    }

    public Message take(String sessionId) {
        return messages.remove(sessionId);
    }
}
