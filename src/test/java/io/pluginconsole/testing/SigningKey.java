package io.pluginconsole.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;

/** An OpenPGP signing key made for a test, to sign bundles as a plugin publisher would. */
public final class SigningKey {
    private final PGPKeyPair pair;
    private final PGPPublicKey publicKey;

    public SigningKey() {
        this(null);
    }

    /** A key whose public part carries {@code uid}, self-certified as gpg makes it (null: no user id). */
    public SigningKey(String uid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            pair = new JcaPGPKeyPair(4, PublicKeyAlgorithmTags.RSA_GENERAL, keys, new Date());
            if (uid == null) {
                publicKey = pair.getPublicKey();
            } else {
                PGPSignatureGenerator certifier = new PGPSignatureGenerator(
                        new JcaPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
                        pair.getPublicKey());
                certifier.init(PGPSignature.POSITIVE_CERTIFICATION, pair.getPrivateKey());
                PGPSignature certification = certifier.generateCertification(uid, pair.getPublicKey());
                publicKey = PGPPublicKey.addCertification(pair.getPublicKey(), uid, certification);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The v4 fingerprint in upper-case hex, as the console records it. */
    public String fingerprint() {
        return HexFormat.of().withUpperCase().formatHex(publicKey.getFingerprint());
    }

    /** Writes the public key, ASCII-armored, as a key file a server can trust. */
    public Path writePublicKey(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (OutputStream out = new ArmoredOutputStream(Files.newOutputStream(file))) {
            new PGPPublicKeyRing(List.of(publicKey)).encode(out);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the public key in binary (gpg --export without --armor). */
    public Path writeBinaryPublicKey(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            new PGPPublicKeyRing(List.of(publicKey)).encode(out);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A binary detached signature over {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new JcaPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
                    pair.getPublicKey());
            generator.init(PGPSignature.BINARY_DOCUMENT, pair.getPrivateKey());
            generator.update(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            generator.generate().encode(out);
            return out.toByteArray();
        } catch (PGPException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ASCII-armored detached signature over {@code data} (gpg --armor --detach-sign). */
    public byte[] signArmored(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
            armored.write(sign(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
