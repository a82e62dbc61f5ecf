package io.pluginconsole.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code auth login|current|list|set|logout}: the logins the plugin commands use, as mmctl's
 * {@code auth} keeps them. Secrets are read from files so they stay out of shell history and
 * process listings.
 */
@Command(name = "auth", description = "Log in to servers for the plugin commands.", mixinStandardHelpOptions = true,
        subcommands = {AuthCommand.Login.class, AuthCommand.Current.class, AuthCommand.ListServers.class,
                AuthCommand.Use.class, AuthCommand.Logout.class})
final class AuthCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class Base {
        @Spec
        CommandSpec spec;

        Credentials credentials() {
            return Credentials.forUser(Main.environment(spec));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
            description = "Log in to a server and make it the current one (with a password, or store a personal "
                    + "access token).")
    static final class Login extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "URL", description = "The server's address, e.g. https://plugins.example.com")
        String url;

        @Option(names = "--name", paramLabel = "NAME",
                description = "Name for this server (default: its host and port).")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Method method;

        static final class Method {
            @ArgGroup(exclusive = false)
            Password password;

            @Option(names = "--access-token-file", required = true, paramLabel = "FILE",
                    description = "File whose first line is a personal access token.")
            Path accessTokenFile;
        }

        static final class Password {
            @Option(names = "--username", required = true, paramLabel = "USER")
            String username;

            @Option(names = "--password-file", required = true, paramLabel = "FILE",
                    description = "File whose first line is the password.")
            Path passwordFile;
        }

        @Override
        public Integer call() {
            String base = ServerClient.normaliseUrl(url);
            String serverName = name == null ? defaultName(base) : checkedName(name);
            Credentials.Server server = method.password != null
                    ? withPassword(serverName, base, method.password)
                    : withAccessToken(serverName, base, secret(method.accessTokenFile));
            credentials().store(server);
            out().println("credentials for " + server.label() + " stored");
            return 0;
        }

        private static Credentials.Server withPassword(String name, String base, Password password) {
            try {
                ServerClient.Login login = new ServerClient(base, null)
                        .login(password.username, secret(password.passwordFile));
                return new Credentials.Server(name, base, login.user().path("username").asText(password.username),
                        login.token(), Credentials.PASSWORD);
            } catch (ServerException e) {
                throw new IllegalStateException("cannot log in to " + base + ": " + e.getMessage());
            }
        }

        /** A token is checked with GET /users/me before it is stored, which also tells whose it is. */
        private static Credentials.Server withAccessToken(String name, String base, String token) {
            try {
                JsonNode me = new ServerClient(base, token).me();
                return new Credentials.Server(name, base, me.path("username").asText(""), token,
                        Credentials.ACCESS_TOKEN);
            } catch (ServerException e) {
                if (e.status() == 401) {
                    throw new IllegalStateException("cannot log in to " + base + ": the access token was not accepted "
                            + "(it may be revoked, or the server may not have ServiceSettings.EnableUserAccessTokens "
                            + "set to true)");
                }
                throw new IllegalStateException("cannot log in to " + base + ": " + e.getMessage());
            }
        }

        private static String defaultName(String base) {
            return URI.create(base).getRawAuthority();
        }

        private static String checkedName(String name) {
            if (name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("--name must be a visible name, such as \"production\"");
            }
            return name.strip();
        }

        /** The first line of a file, so "echo secret > file" works; an empty one is refused. */
        private static String secret(Path file) {
            try {
                String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
                if (first.isEmpty()) {
                    throw new IllegalArgumentException(file + " is empty");
                }
                return first;
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("cannot read " + file + ": no such file");
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "current", description = "Show the server the plugin commands use.",
            mixinStandardHelpOptions = true)
    static final class Current extends Base implements Callable<Integer> {
        @Override
        public Integer call() {
            Credentials.Server server = credentials().current().orElseThrow(() -> new IllegalStateException(
                    "not logged in to a server; run 'plugin-console auth login URL --username USER "
                            + "--password-file FILE' first"));
            out().println("Logged in to " + server.label() + " as " + server.username()
                    + (Credentials.ACCESS_TOKEN.equals(server.method()) ? " with a personal access token" : ""));
            return 0;
        }
    }

    @Command(name = "list", description = "List the stored servers; * marks the current one.",
            mixinStandardHelpOptions = true)
    static final class ListServers extends Base implements Callable<Integer> {
        @Override
        public Integer call() {
            Credentials.State state = credentials().read();
            for (Credentials.Server server : state.servers()) {
                out().println((server.name().equals(state.current()) ? "* " : "  ") + server.label() + " as "
                        + server.username());
            }
            return 0;
        }
    }

    @Command(name = "set", description = "Make a stored server the current one.", mixinStandardHelpOptions = true)
    static final class Use extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Credentials.Server server = credentials().use(name).orElseThrow(() -> unknown(name));
            out().println("Now using " + server.label());
            return 0;
        }
    }

    @Command(name = "logout", description = "Log out and remove the stored credentials (of the current server, "
            + "or of NAME).", mixinStandardHelpOptions = true)
    static final class Logout extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", arity = "0..1")
        String name;

        @Override
        public Integer call() {
            Credentials credentials = credentials();
            Credentials.Server server = (name == null ? credentials.current() : credentials.named(name))
                    .orElseThrow(() -> name == null ? new IllegalStateException("not logged in to a server")
                            : unknown(name));
            if (Credentials.PASSWORD.equals(server.method())) {
                try {
                    new ServerClient(server.url(), server.token()).logout();
                } catch (ServerException unreachableOrExpired) {
                    // Best effort: the local credentials go either way, and an unused session expires by itself.
                }
            }
            credentials.remove(server.name());
            out().println("credentials for " + server.label() + " removed");
            return 0;
        }
    }

    private static IllegalStateException unknown(String name) {
        return new IllegalStateException("no stored credentials named \"" + name
                + "\"; 'plugin-console auth list' shows them");
    }
}
