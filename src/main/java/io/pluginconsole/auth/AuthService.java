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
 * Accounts, sign-in, sessions and personal access tokens. Failed sign-ins slow an account down
 * (a growing, temporary lock: a third party can delay an administrator but never lock them out
 * for good) and the per-address throttle limits spraying across accounts.
 */
public final class AuthService {
    public static final String INVALID_CREDENTIALS = "api.user.login.invalid_credentials_email_username";
    private static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{2,63}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final int FREE_ATTEMPTS = 5;
    private static final long MAX_LOCK_SECONDS = 15 * 60;

    private final UserRepository users;
    private final SessionRepository sessions;
    private final AccessTokenRepository tokens;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final Duration sessionLength;
    private final String decoyHash;

    public AuthService(UserRepository users, SessionRepository sessions, AccessTokenRepository tokens,
                       PasswordHasher hasher, LoginThrottle throttle, Clock clock, Duration sessionLength) {
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clock = clock;
        this.sessionLength = sessionLength;
        this.decoyHash = hasher.decoy();
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

    /** Signs in with a username or email; returns a new session with its token. */
    public Session login(String loginId, String password, String address) {
        long now = clock.millis();
        long wait = throttle.waitSeconds(address, now);
        if (wait > 0) {
            throw throttled(wait);
        }
        Optional<UserRepository.Credentials> found = loginId == null ? Optional.empty() : users.byLogin(loginId.trim());
        if (found.isPresent() && found.get().lockedUntil() > now) {
            throttle.failure(address, now);
            throw throttled((found.get().lockedUntil() - now + 999) / 1000);
        }
        String hash = found.map(UserRepository.Credentials::passwordHash).orElse(decoyHash);
        boolean valid = password != null && hasher.matches(password, hash) && found.isPresent();
        if (!valid) {
            throttle.failure(address, now);
            found.ifPresent(c -> {
                int attempts = c.failedAttempts() + 1;
                long lock = attempts > FREE_ATTEMPTS
                        ? now + 1000 * Math.min(MAX_LOCK_SECONDS, 1L << Math.min(20, attempts - FREE_ATTEMPTS)) : 0;
                users.recordFailure(c.user().id(), attempts, lock);
            });
            throw new AuthException(INVALID_CREDENTIALS, AuthException.Kind.INVALID_CREDENTIALS,
                    "Enter a valid email or username and/or password.");
        }
        users.clearFailures(found.get().user().id());
        String token = Ids.newId();
        Session session = new Session(Ids.newId(), token, found.get().user().id(), Ids.newId(), now,
                now + sessionLength.toMillis());
        sessions.insert(session, Ids.hash(token));
        return session;
    }

    private static AuthException throttled(long seconds) {
        return new AuthException("api.user.login.throttled.app_error", AuthException.Kind.THROTTLED,
                "Too many attempts, try again in " + seconds + " seconds.", seconds);
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
