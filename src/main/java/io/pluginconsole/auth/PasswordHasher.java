package io.pluginconsole.auth;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** bcrypt (Bouncy Castle) with a per-password salt; the cost is in the stored hash. */
public class PasswordHasher {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final int cost;

    public PasswordHasher(int cost) {
        this.cost = cost;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate(password.toCharArray(), salt, cost);
    }

    public boolean matches(String password, String hash) {
        try {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A hash to check against when the account does not exist, so timing does not tell. */
    public String decoy() {
        return hash("decoy-password-that-matches-nothing");
    }
}
