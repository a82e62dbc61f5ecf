package io.pluginconsole.web.ui;

import java.util.concurrent.ConcurrentHashMap;

/** One-shot messages shown on the next page a session loads (after a POST and its redirect). */
public final class Flash {
    /** A message and whether it reports success. */
    public record Message(boolean success, String text) {
    }

    private final ConcurrentHashMap<String, Message> messages = new ConcurrentHashMap<>();

    public void put(String sessionId, boolean success, String text) {
        if (messages.size() > 10_000) {
            messages.clear();
        }
        messages.put(sessionId, new Message(success, text));
    }

    public Message take(String sessionId) {
        return messages.remove(sessionId);
    }
}
