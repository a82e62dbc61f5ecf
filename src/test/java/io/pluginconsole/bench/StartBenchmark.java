package io.pluginconsole.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Time from enable to Running for one plugin on a running server, against the reference of
 * starting the same executable directly until it prints its handshake line.
 * Arguments: base-url token plugin-id executable repetitions. Prints {@code key=value} lines.
 */
public final class StartBenchmark {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        String id = args[2];
        String executable = args[3];
        int reps = Integer.parseInt(args[4]);
        List<Long> enable = new ArrayList<>();
        List<Long> direct = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            call("POST", base + "/api/v4/plugins/" + id + "/disable", token);
            long t0 = System.nanoTime();
            call("POST", base + "/api/v4/plugins/" + id + "/enable", token);
            while (!call("GET", base + "/api/v4/plugins/statuses", token)
                    .matches("(?s).*\"plugin_id\":\"" + java.util.regex.Pattern.quote(id) + "\"[^}]*\"state\":2.*")) {
                Thread.sleep(2);
            }
            enable.add((System.nanoTime() - t0) / 1_000_000);
            direct.add(directStart(executable, id));
        }
        System.out.println("enable_to_running_ms=" + median(enable));
        System.out.println("direct_start_ms=" + median(direct));
    }

    /** Starts the executable as the server would and waits for its handshake line; then stops it. */
    private static long directStart(String executable, String id) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(executable);
        builder.environment().put("PLUGIN_ID", id);
        builder.environment().put("PLUGIN_CONSOLE_SECRET", "bench");
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("1|1|")) {
                // skip the plugin's own output
            }
            return (System.nanoTime() - t0) / 1_000_000;
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static String call(String method, String url, String token) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
