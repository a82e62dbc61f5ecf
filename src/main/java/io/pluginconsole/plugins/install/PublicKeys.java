package io.pluginconsole.plugins.install;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;

/** Reads OpenPGP public keys, ASCII-armored or binary, as Mattermost accepts them. */
public final class PublicKeys {
    private PublicKeys() {
    }

    /**
     * The key rings in {@code bytes}. Throws {@link IllegalArgumentException} with a message fit
     * for an administrator when the bytes hold no public key, or hold a private key.
     */
    public static PGPPublicKeyRingCollection parse(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        if (head.contains("PRIVATE KEY BLOCK")) {
            throw new IllegalArgumentException("this is a private key; give the public key instead "
                    + "(gpg --armor --export KEY-ID > key.asc)");
        }
        PGPPublicKeyRingCollection rings;
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
            rings = new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (reason.toLowerCase(Locale.ROOT).contains("secret")) {
                throw new IllegalArgumentException("this is a private key; give the public key instead "
                        + "(gpg --armor --export KEY-ID > key.asc)");
            }
            throw new IllegalArgumentException("not an OpenPGP public key (armored or binary): " + reason);
        }
        if (rings.size() == 0) {
            throw new IllegalArgumentException("not an OpenPGP public key (armored or binary): the file holds no key");
        }
        return rings;
    }

    /** Describes the first key ring of {@code rings}. */
    public static TrustedKey describe(PGPPublicKeyRingCollection rings, String name, boolean builtIn) {
        return describe(rings.getKeyRings().next(), name, builtIn);
    }

    public static TrustedKey describe(PGPPublicKeyRing ring, String name, boolean builtIn) {
        PGPPublicKey primary = ring.getPublicKey();
        return new TrustedKey(name, fingerprint(primary), uid(primary),
                primary.getCreationTime() == null ? null : primary.getCreationTime().toInstant(), builtIn, null);
    }

    public static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    /** The first user id, or "" for a key without one. */
    public static String uid(PGPPublicKey key) {
        Iterator<String> ids = key.getUserIDs();
        return ids.hasNext() ? ids.next() : "";
    }

    static Instant created(PGPPublicKey key) {
        return key.getCreationTime() == null ? null : key.getCreationTime().toInstant();
    }
}
