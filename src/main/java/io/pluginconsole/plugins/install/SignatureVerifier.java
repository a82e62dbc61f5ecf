package io.pluginconsole.plugins.install;

import io.pluginconsole.plugins.PluginException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * Checks a detached OpenPGP signature (armored or binary) over the exact bundle bytes, as
 * Mattermost does: first against its built-in plugin key, then against the keys named in
 * PluginSettings.SignaturePublicKeyFiles (armored or binary). It runs before anything is unpacked
 * and says which key verified the bundle.
 */
public final class SignatureVerifier {
    public static final String VERIFY_ERROR = "api.plugin.verify_plugin.app_error";
    /** The most a detached signature file may hold; real ones are well under 2 KiB. */
    public static final int MAX_SIGNATURE_BYTES = 64 * 1024;

    /** One trusted key file: its name as configured and its key rings. */
    private record Source(String name, boolean builtIn, PGPPublicKeyRingCollection rings) {
    }

    private final List<Source> sources;

    private SignatureVerifier(List<Source> sources) {
        this.sources = sources;
    }

    /**
     * The built-in Mattermost key, then the keys named in PluginSettings.SignaturePublicKeyFiles,
     * which are file names in the folder of the configuration file (Mattermost's config store).
     */
    public static SignatureVerifier fromKeyFiles(Path configFolder, List<String> names) {
        List<Source> sources = new ArrayList<>();
        PGPPublicKeyRingCollection mattermost = MattermostKey.get();
        if (mattermost != null) {
            sources.add(new Source(MattermostKey.NAME, true, mattermost));
        }
        for (String name : names == null ? List.<String>of() : names) {
            Path file = keyFile(configFolder, name);
            try {
                sources.add(new Source(name, false, PublicKeys.parse(Files.readAllBytes(file))));
            } catch (IOException | IllegalArgumentException e) {
                String reason = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
                throw new IllegalArgumentException("Cannot read the public key " + file + " named in "
                        + "PluginSettings.SignaturePublicKeyFiles: " + reason, e);
            }
        }
        return new SignatureVerifier(sources);
    }

    /** Where a SignaturePublicKeyFiles entry lives: a plain file name in the configuration folder. */
    public static Path keyFile(Path configFolder, String name) {
        Path folder = configFolder.toAbsolutePath().normalize();
        Path file = folder.resolve(name == null ? "" : name).normalize();
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || !file.startsWith(folder)
                || file.equals(folder)) {
            throw new IllegalArgumentException("PluginSettings.SignaturePublicKeyFiles entry \"" + name
                    + "\" must be a file name in " + folder);
        }
        return file;
    }

    /**
     * Returns the key that made {@code signature} over {@code bundle}; throws unless one of the
     * trusted keys did.
     */
    public InstallRecord.Signer verify(Path bundle, byte[] signature) {
        if (signature == null || signature.length == 0) {
            throw failure("the bundle has no signature, and PluginSettings.RequirePluginSignature is on");
        }
        if (!Files.isRegularFile(bundle, LinkOption.NOFOLLOW_LINKS)) {
            throw failure("the bundle is missing");
        }
        boolean knownKey = false;
        for (PGPSignature parsed : parse(signature)) {
            for (Source source : sources) {
                for (PGPPublicKeyRing ring : candidates(source.rings(), parsed.getKeyID())) {
                    for (PGPPublicKey key : keys(ring, parsed.getKeyID())) {
                        knownKey = true;
                        if (matches(parsed, key, bundle)) {
                            PGPPublicKey primary = ring.getPublicKey();
                            return new InstallRecord.Signer(PublicKeys.fingerprint(primary), PublicKeys.uid(primary),
                                    source.name());
                        }
                    }
                }
            }
        }
        if (!knownKey) {
            throw failure("the signature was made with a key that is not trusted here; add the signer's public "
                    + "key with 'plugin-console plugin keys add FILE'");
        }
        throw failure("the signature does not match the bundle (the bundle was changed after signing, or the "
                + "signature belongs to another file)");
    }

    private static List<PGPPublicKeyRing> candidates(PGPPublicKeyRingCollection rings, long keyId) {
        List<PGPPublicKeyRing> result = new ArrayList<>();
        for (Iterator<PGPPublicKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
            PGPPublicKeyRing ring = it.next();
            if (keyId == 0 || ring.getPublicKey(keyId) != null) {
                result.add(ring);
            }
        }
        return result;
    }

    /** The key with the signature's issuer id, or every key of the ring when the signature names none. */
    private static List<PGPPublicKey> keys(PGPPublicKeyRing ring, long keyId) {
        if (keyId != 0) {
            return List.of(ring.getPublicKey(keyId));
        }
        List<PGPPublicKey> all = new ArrayList<>();
        ring.getPublicKeys().forEachRemaining(all::add);
        return all;
    }

    private static boolean matches(PGPSignature signature, PGPPublicKey key, Path bundle) {
        try (InputStream in = Files.newInputStream(bundle)) {
            signature.init(new JcaPGPContentVerifierBuilderProvider(), key);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                signature.update(buffer, 0, n);
            }
            return signature.verify();
        } catch (IOException | PGPException | RuntimeException e) {
            return false;
        }
    }

    private static List<PGPSignature> parse(byte[] signature) {
        if (signature.length > MAX_SIGNATURE_BYTES) {
            throw failure("the signature file is larger than " + MAX_SIGNATURE_BYTES / 1024 + " KiB");
        }
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signature))) {
            Object object = new JcaPGPObjectFactory(in).nextObject();
            if (object instanceof PGPCompressedData compressed) {
                object = new JcaPGPObjectFactory(compressed.getDataStream()).nextObject();
            }
            if (object instanceof PGPSignatureList list && !list.isEmpty()) {
                List<PGPSignature> all = new ArrayList<>();
                list.forEach(all::add);
                return all;
            }
        } catch (IOException | PGPException | RuntimeException e) {
            throw failure("the signature file is not an OpenPGP signature");
        }
        throw failure("the signature file is not an OpenPGP signature");
    }

    static PluginException failure(String reason) {
        return new PluginException(VERIFY_ERROR, PluginException.Kind.BAD_INPUT,
                "Unable to verify plugin signature: " + reason + ".", reason, null);
    }
}
