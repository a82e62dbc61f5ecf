package io.pluginconsole.plugins.install;

import io.pluginconsole.plugins.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * Downloads a bundle for install-from-URL: http(s) only (plain http only when
 * PluginSettings.AllowInsecureDownloadURL is on), no redirects, short timeouts, and the body is
 * streamed to the stager under the same size limit as uploads. The upstream body is never echoed.
 */
public final class UrlFetcher {
    public static final String DOWNLOAD_FAILED = "api.plugin.install.download_failed.app_error";

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final BundleStager stager;
    private final Duration timeout;

    public UrlFetcher(BundleStager stager, Duration timeout) {
        this.stager = stager;
        this.timeout = timeout;
    }

    public StagedBundle fetch(String url, boolean allowInsecure, long maxBytes) {
        URI uri = check(url, allowInsecure);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "application/gzip, application/octet-stream").build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw failed("the download timed out", "Download timed out");
        } catch (IOException e) {
            throw failed("cannot connect: " + e.getClass().getSimpleName(), "Download failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted", "Download failed");
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                throw failed("the server answered with a redirect (" + status + "), which is not followed",
                        "Redirect not allowed");
            }
            if (status < 200 || status >= 300) {
                throw failed("the server answered " + status, "Download failed");
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw BundleStager.tooLarge(maxBytes);
            }
            return stager.stage(body, maxBytes);
        } catch (IOException e) {
            throw failed("the download broke off", "Download failed");
        }
    }

    static URI check(String url, boolean allowInsecure) {
        if (url == null || url.isBlank()) {
            throw failed("no URL was given", "Enter the URL of a plugin bundle");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw failed("invalid url " + url, "Enter a valid http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw failed("invalid url " + url, "Only https URLs are allowed");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || url.contains("\\")) {
            throw failed("invalid url " + url, "URL not allowed");
        }
        if (scheme.equals("http") && !allowInsecure) {
            throw failed("insecure url not allowed " + url,
                    "Only https URLs are allowed (PluginSettings.AllowInsecureDownloadURL is off)");
        }
        return uri;
    }

    private static PluginException failed(String detail, String reason) {
        return new PluginException(DOWNLOAD_FAILED, PluginException.Kind.BAD_INPUT,
                "An error occurred while downloading the plugin: " + reason + ".", detail, null);
    }
}
