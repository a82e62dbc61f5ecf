package io.pluginconsole.plugins.install;

import io.pluginconsole.net.DestinationPolicy;
import io.pluginconsole.net.IpLiterals;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One parse of a download URL with {@link URI} (strict), and the checks that need no connection:
 * scheme, URL shape (no user info, fragment, backslash or control characters), numeric host
 * spellings, and literal addresses or names that the destination policy refuses. The parsed host
 * is the one that is checked again at connect time and the one that is dialled.
 */
record DownloadUrl(URI uri, String host, int port, boolean https) {
    static final int MAX_LENGTH = 4096;

    /** A refusal before or while connecting: a headline for the message and what was wrong. */
    static final class Refused extends RuntimeException {
        final String headline;
        final String text;

        Refused(String headline, String text) {
            super(headline + ": " + text, null, false, false);
            this.headline = headline;
            this.text = text;
        }
    }

    static final String URL_NOT_ALLOWED = "URL not allowed";
    static final String ONLY_HTTPS = "Only https URLs are allowed";
    static final String DESTINATION = "Destination not allowed";

    static DownloadUrl check(String raw, boolean allowInsecure, DestinationPolicy policy) {
        String url = raw.strip();
        if (url.length() > MAX_LENGTH) {
            throw new Refused(URL_NOT_ALLOWED, "the URL is longer than " + MAX_LENGTH + " characters.");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '\\') {
                throw new Refused(URL_NOT_ALLOWED, "the URL contains " + (c == '\\' ? "a backslash"
                        : c == ' ' ? "a space" : "a control character") + ", which parsers read differently. "
                        + "Give the plain URL of the bundle (encode special characters with %).");
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused(URL_NOT_ALLOWED, "it is not a valid URL (" + e.getReason()
                    + "). Give a URL such as https://example.com/my-plugin-1.0.0.tar.gz.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new Refused(ONLY_HTTPS, (scheme.isEmpty() ? "the URL has no scheme" : scheme + ": URLs cannot be used")
                    + ". Give an https:// URL of the bundle.");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw new Refused(URL_NOT_ALLOWED, "the URL has no host. Give a URL such as https://example.com/plugin.tar.gz.");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            throw new Refused(URL_NOT_ALLOWED, "it contains user information (\"name@\" before the host), which is "
                    + "used to disguise the real host. Remove it; credentials in URLs are not supported.");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused(URL_NOT_ALLOWED, "it contains a fragment (\"#...\"), which is never sent to the server "
                    + "and is used to disguise URLs. Remove it.");
        }
        if (uri.getHost() == null) {
            // java.net.URI does not take numeric shorthands (127.1, 2130706433, 0) as hosts; judge them anyway,
            // so the message says what they mean.
            String authority = uri.getRawAuthority();
            int colon = authority.lastIndexOf(':');
            String bare = colon >= 0 && !authority.endsWith("]") ? authority.substring(0, colon) : authority;
            if (!bare.startsWith("[") && IpLiterals.numericForm(bare) != IpLiterals.NumericForm.NONE) {
                vetHost(bare, policy);
            }
            throw new Refused(URL_NOT_ALLOWED, "\"" + uri.getRawAuthority() + "\" is not a valid host[:port]. "
                    + "Host names may contain letters, digits, hyphens and dots.");
        }
        if (scheme.equals("http") && !allowInsecure) {
            throw new Refused(ONLY_HTTPS, "plain http is off (PluginSettings.AllowInsecureDownloadURL is false). "
                    + "Use an https:// URL, or turn that setting on to allow http downloads.");
        }
        String host = uri.getHost();
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new Refused(URL_NOT_ALLOWED, "port " + port + " is out of range.");
        }
        vetHost(host, policy);
        return new DownloadUrl(uri, stripBrackets(host).toLowerCase(Locale.ROOT), port, scheme.equals("https"));
    }

    /** The host checks that need no lookup; the connect-time resolver repeats them. */
    static void vetHost(String rawHost, DestinationPolicy policy) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            if (host.contains("%")) {
                throw new Refused(URL_NOT_ALLOWED, "IPv6 zone ids (\"%\") are not accepted in download URLs.");
            }
            InetAddress address = IpLiterals.toAddress(host);
            if (address == null) {
                throw new Refused(URL_NOT_ALLOWED, rawHost + " is not a valid IPv6 address.");
            }
            refuseIfDenied(host, List.of(address), policy);
            return;
        }
        switch (IpLiterals.numericForm(host)) {
            case CANONICAL -> refuseIfDenied(host, List.of(IpLiterals.toAddress(host.replaceAll("\\.$", ""))), policy);
            case OCTAL_OR_HEX -> throw new Refused(URL_NOT_ALLOWED, rawHost + " is a numeric host in octal or "
                    + "hexadecimal (or with too many parts), which programs read as different addresses. Write the "
                    + "address in dotted decimal (a.b.c.d) or use the host name.");
            case SHORTHAND -> {
                InetAddress meant = IpLiterals.shorthandValue(host);
                if (meant != null) {
                    Optional<String> refusal = policy.refuse(meant.getHostAddress(), List.of(meant));
                    if (refusal.isPresent()) {
                        throw new Refused(DESTINATION, rawHost + " means " + meant.getHostAddress() + ". "
                                + refusal.get());
                    }
                }
                throw new Refused(URL_NOT_ALLOWED, rawHost + " is a shortened numeric address"
                        + (meant == null ? "" : " (" + meant.getHostAddress() + ")")
                        + ". Write the address in full dotted decimal (a.b.c.d) or use the host name.");
            }
            case NONE -> policy.refuseName(host).ifPresent(text -> {
                throw new Refused(DESTINATION, text);
            });
            default -> throw new IllegalStateException();
        }
    }

    private static void refuseIfDenied(String host, List<InetAddress> addresses, DestinationPolicy policy) {
        policy.refuse(stripBrackets(host), addresses).ifPresent(text -> {
            throw new Refused(DESTINATION, text);
        });
    }

    static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
