package io.pluginconsole.auth;

import io.pluginconsole.db.AccessTokenRepository;
import io.pluginconsole.db.SessionRepository;
import io.pluginconsole.db.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Accounts, sign-in, sessions and personal access tokens. Failed sign-ins are limited per account
 * and client address (someone guessing from elsewhere never locks the owner out) and per address
 * (one address cannot spray many accounts); see {@link LoginThrottle}.
 */
public final class AuthService {
    public static final String INVALID_CREDENTIALS = "api.user.login.invalid_credentials_email_username";
    private static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{2,63}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    private final UserRepository users;
    private final SessionRepository sessions;
    private final AccessTokenRepository tokens;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final Duration sessionLength;
    /** Hashed on another thread so the server's start does not wait for a deliberately slow hash. */
    private final java.util.concurrent.CompletableFuture<String> decoyHash;

    public AuthService(UserRepository users, SessionRepository sessions, AccessTokenRepository tokens,
                       PasswordHasher hasher, LoginThrottle throttle, Clock clock, Duration sessionLength) {
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clock = clock;
        this.sessionLength = sessionLength;
        this.decoyHash = java.util.concurrent.CompletableFuture.supplyAsync(hasher::decoy);
    }

    public boolean adminExists() {
        return users.anyAdmin();
    }

    public User createUser(String email, String username, String password, boolean systemAdmin) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        String mail = email == null ? "" : email.trim();
        if (!USERNAME.matcher(name).matches()) {
            throw new AuthException("app.user.save.username.app_error", AuthException.Kind.BAD_INPUT,
                    "Username must be 3-64 characters of lower-case letters, digits, '.', '_' or '-', "
                            + "starting with a letter or digit.");
        }
        if (!EMAIL.matcher(mail).matches() || mail.length() > 254) {
            throw new AuthException("app.user.save.email.app_error", AuthException.Kind.BAD_INPUT,
                    "Enter a valid email address.");
        }
        if (password == null || password.length() < 10 || password.length() > 72) {
            throw new AuthException("app.user.save.password.app_error", AuthException.Kind.BAD_INPUT,
                    "The password must be 10 to 72 characters long.");
        }
        if (users.exists(name, mail)) {
            throw new AuthException("app.user.save.existing.app_error", AuthException.Kind.CONFLICT,
                    "An account with that username or email already exists.");
        }
        long now = clock.millis();
        User user = new User(Ids.newId(), name, mail, systemAdmin ? "system_admin system_user" : "system_user",
                now, now);
        users.insert(user, hasher.hash(password));
        return user;
    }

    /**
     * Signs in with a username or email; returns a new session with its token. A wrong password, an
     * unknown account and an account locked for this address all fail the same way and after the
     * same work (one password check, against a decoy hash when there is nothing real to check), so
     * neither the answer nor its timing tells which it was.
     */
    public Session login(String loginId, String password, String address) {
        long wait = throttle.addressWaitSeconds(address);
        if (wait > 0) {
            throw new AuthException("api.user.login.throttled.app_error", AuthException.Kind.THROTTLED,
                    "Too many attempts from this address, try again in " + wait + " seconds.", wait);
        }
        Optional<UserRepository.Credentials> found = loginId == null ? Optional.empty() : users.byLogin(loginId.trim());
        String userId = found.map(c -> c.user().id()).orElse(null);
        boolean locked = userId != null && throttle.accountLocked(userId, address);
        String hash = found.isPresent() && !locked ? found.get().passwordHash() : decoyHash.join();
        boolean matches = hasher.matches(password == null ? "" : password, hash);
        if (!matches || userId == null || locked) {
            throttle.failure(userId, address);
            throw new AuthException(INVALID_CREDENTIALS, AuthException.Kind.INVALID_CREDENTIALS,
                    "Enter a valid email or username and/or password.");
        }
        throttle.success(userId, address);
        long now = clock.millis();
        String token = Ids.newId();
        Session session = new Session(Ids.newId(), token, userId, Ids.newId(), now,
                now + sessionLength.toMillis());
        sessions.deleteExpired(now); // expired sessions are never read again: they go when someone signs in
        sessions.insert(session, Ids.hash(token));
        return session;
    }

    /** The principal for a session token or personal access token; empty when neither is valid. */
    public Optional<Principal> authenticate(String token, boolean accessTokensEnabled) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String hash = Ids.hash(token);
        Optional<Session> session = sessions.byTokenHash(hash, clock.millis());
        if (session.isPresent()) {
            return users.byId(session.get().userId()).map(u -> new Principal(u, session.get(), false));
        }
        if (!accessTokensEnabled) {
            return Optional.empty();
        }
        return tokens.activeByHash(hash).flatMap(t -> users.byId(t.userId())).map(u -> new Principal(u, null, true));
    }

    public void logout(Principal principal) {
        if (principal.session() != null) {
            sessions.delete(principal.session().id());
        }
    }

    /** A created token; {@code token} is shown once and never stored. */
    public record NewAccessToken(String id, String token, String userId, String description) {
    }

    public NewAccessToken createAccessToken(String userId, String description) {
        String token = Ids.newId();
        String id = Ids.newId();
        String text = description == null ? "" : description.strip();
        tokens.insert(new AccessTokenRepository.AccessToken(id, userId, text, true, clock.millis()), Ids.hash(token));
        return new NewAccessToken(id, token, userId, text);
    }

    public java.util.List<AccessTokenRepository.AccessToken> accessTokens(String userId) {
        return tokens.forUser(userId);
    }

    public boolean revokeAccessToken(String tokenId) {
        return tokens.revoke(tokenId) > 0;
    }

    public Optional<User> user(String id) {
        return users.byId(id);
    }
}
