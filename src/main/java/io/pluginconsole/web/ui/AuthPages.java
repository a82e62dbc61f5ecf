package io.pluginconsole.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pluginconsole.auth.AuthException;
import io.pluginconsole.auth.AuthService;
import io.pluginconsole.auth.Ids;
import io.pluginconsole.auth.Session;
import io.pluginconsole.auth.SetupToken;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.web.Audit;
import io.pluginconsole.web.Cookies;
import io.pluginconsole.web.PageRenderer;
import io.pluginconsole.web.RequestAuth;
import java.util.Map;

/** Sign-in, sign-out and the first-run setup page. */
public final class AuthPages {
    private static final String LOGIN_CSRF = "MMLOGINCSRF";

    /** What the sign-in page shows. */
    public record LoginView(String csrf, String next, String error, String loginId) {
    }

    /** What the setup page shows. */
    public record SetupView(String csrf, String error, String email, String username, String token, String tokenFile) {
    }

    private final AuthService auth;
    private final RequestAuth requestAuth;
    private final SetupToken setupToken;
    private final ConfigStore config;
    private final PageRenderer pages;
    private final Audit audit;

    public AuthPages(AuthService auth, RequestAuth requestAuth, SetupToken setupToken, ConfigStore config,
                     PageRenderer pages, Audit audit) {
        this.auth = auth;
        this.requestAuth = requestAuth;
        this.setupToken = setupToken;
        this.config = config;
        this.pages = pages;
        this.audit = audit;
    }

    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect(SafeRedirect.HOME, HttpStatus.SEE_OTHER));
        routes.get("/login", ctx -> showLogin(ctx, null, ""));
        routes.post("/login", this::login);
        routes.post("/logout", this::logout);
        routes.get("/setup", ctx -> showSetup(ctx, null, "", "", ""));
        routes.post("/setup", this::setup);
    }

    /**
     * Pre-session token (double submit): a login form posted from another site carries neither half.
     * A token the browser already holds is kept, so a second tab, or a background request the setup
     * gate answers with the setup page (the favicon), does not invalidate a form already shown.
     */
    private String loginCsrf(Context ctx) {
        String held = ctx.cookie(LOGIN_CSRF);
        String token = Ids.isId(held) ? held : Ids.newId();
        ctx.cookie(new io.javalin.http.Cookie(LOGIN_CSRF, token, "/", 3600, Cookies.isHttps(ctx), true, null,
                io.javalin.http.SameSite.STRICT));
        return token;
    }

    private void showLogin(Context ctx, String error, String loginId) {
        if (!auth.adminExists()) {
            ctx.redirect("/setup", HttpStatus.SEE_OTHER);
            return;
        }
        pages.render(ctx, "login", Map.of("view", new LoginView(loginCsrf(ctx),
                SafeRedirect.target(ctx.queryParam("next")), error, loginId)));
    }

    private void login(Context ctx) {
        RequestAuth.checkFormCsrf(ctx, ctx.cookie(LOGIN_CSRF), ctx.formParam("csrf"));
        String loginId = ctx.formParam("login_id");
        String next = SafeRedirect.target(ctx.formParam("next"));
        try {
            Session session = auth.login(loginId, ctx.formParam("password"), ctx.ip());
            audit.recordAnonymous(ctx, "login", loginId, true, "console");
            Cookies.setSession(ctx, session, config.current());
            ctx.redirect(next, HttpStatus.SEE_OTHER);
        } catch (AuthException e) {
            audit.recordAnonymous(ctx, "login", loginId, false, e.id());
            ctx.status(e.kind() == AuthException.Kind.THROTTLED ? 429 : 401);
            if (e.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            }
            // a locked or unknown account reads exactly like a wrong password; only the address limit differs
            String message = e.kind() == AuthException.Kind.THROTTLED ? e.getMessage()
                    : "Invalid username, email or password.";
            pages.render(ctx, "login", Map.of("view", new LoginView(loginCsrf(ctx), next, message,
                    loginId == null ? "" : loginId)));
        }
    }

    private void logout(Context ctx) {
        // ConsoleGate has checked the session's token.
        requestAuth.resolve(ctx).ifPresent(principal -> {
            auth.logout(principal);
            audit.record(ctx, "logout", null, null, true, "console");
        });
        Cookies.clearSession(ctx);
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    /** What was typed comes back (never the passwords); the token's place is named without absolute paths. */
    private void showSetup(Context ctx, String error, String email, String username, String token) {
        if (auth.adminExists()) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        pages.render(ctx, "setup", Map.of("view", new SetupView(loginCsrf(ctx), error, email, username,
                token == null ? "" : token, TOKEN_PLACE)));
    }

    // Anyone can open this page, so it says where the token is without the server's file paths.
    static final String TOKEN_PLACE = "the file setup-token in the server's data folder (ServiceSettings.DataDirectory)";

    private void setup(Context ctx) {
        if (auth.adminExists()) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        RequestAuth.checkFormCsrf(ctx, ctx.cookie(LOGIN_CSRF), ctx.formParam("csrf"));
        String email = ctx.formParam("email");
        String username = ctx.formParam("username");
        String token = ctx.formParam("setup_token");
        if (!setupToken.matches(token)) {
            audit.recordAnonymous(ctx, "setup", username, false, "wrong setup token");
            ctx.status(403);
            showSetup(ctx, "The setup token is not right. It is printed in the server log and stored in "
                    + TOKEN_PLACE + ".", email, username, token);
            return;
        }
        String password = ctx.formParam("password");
        if (password == null || !password.equals(ctx.formParam("password_confirm"))) {
            ctx.status(400);
            showSetup(ctx, "The two passwords differ.", email, username, token);
            return;
        }
        try {
            auth.createUser(email, username, password, true);
        } catch (AuthException e) {
            ctx.status(400);
            showSetup(ctx, e.getMessage(), email, username, token);
            return;
        }
        setupToken.consume();
        audit.recordAnonymous(ctx, "setup", username, true, "first administrator created");
        Session session = auth.login(username, password, ctx.ip());
        Cookies.setSession(ctx, session, config.current());
        ctx.redirect(SafeRedirect.HOME, HttpStatus.SEE_OTHER);
    }
}
