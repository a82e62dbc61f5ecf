package io.pluginconsole.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Installs, enables and watches real running plugins through the API of a {@link TestServer}. */
public final class RunningPlugins {
    private final Api api;
    private final String admin;

    public RunningPlugins(TestServer server) {
        this.api = new Api(server.url());
        this.admin = server.token(TestServer.ADMIN);
    }

    public String adminToken() {
        return admin;
    }

    public void install(byte[] bundle) {
        Api.Response response = api.upload(admin, new Api.Multipart().file("plugin", "p.tar.gz", bundle));
        if (response.status() != 201) {
            throw new AssertionError("upload failed: " + response.status() + " " + response.body());
        }
    }

    public void enable(String id) {
        expectOk(api.post("/api/v4/plugins/" + id + "/enable", null, Api.bearer(admin)));
    }

    public void disable(String id) {
        expectOk(api.post("/api/v4/plugins/" + id + "/disable", null, Api.bearer(admin)));
    }

    /** PUT /api/v4/config/patch with a JSON patch. */
    public void patchConfig(String json) {
        expectOk(api.send("PUT", "/api/v4/config/patch", HttpRequest.BodyPublishers.ofString(json),
                Api.bearer(admin, "Content-Type", "application/json")));
    }

    /** The plugin's status entry from GET /api/v4/plugins/statuses, or null. */
    public JsonNode status(String id) {
        for (JsonNode entry : api.get("/api/v4/plugins/statuses", Api.bearer(admin)).json()) {
            if (entry.get("plugin_id").asText().equals(id)) {
                return entry;
            }
        }
        return null;
    }

    /** Waits until the plugin's state is {@code state}; returns its status. */
    public JsonNode awaitState(String id, int state, Duration within) {
        return awaitStatus(id, s -> s.get("state").asInt() == state, within);
    }

    public JsonNode awaitStatus(String id, Predicate<JsonNode> condition, Duration within) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = status(id);
            return last[0] != null && condition.test(last[0]);
        });
        return last[0];
    }

    /** Processes of this JVM's children running the test plugin. */
    public static List<ProcessHandle> pluginProcesses() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(HttpTestPlugin.class.getName()))
                .toList();
    }

    private static void expectOk(Api.Response response) {
        if (response.status() / 100 != 2) {
            throw new AssertionError(response.status() + " " + response.body());
        }
    }
}
