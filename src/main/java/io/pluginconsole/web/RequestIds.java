package io.pluginconsole.web;

import io.javalin.http.Context;
import io.pluginconsole.auth.Ids;

/** A Mattermost-style id per request, sent as X-Request-Id and quoted in errors and logs. */
public final class RequestIds {
    private static final String KEY = "pc.requestId";

    private RequestIds() {
    }

    public static String of(Context ctx) {
        String id = ctx.attribute(KEY);
        if (id == null) {
            id = Ids.newId();
            ctx.attribute(KEY, id);
        }
        return id;
    }
}
