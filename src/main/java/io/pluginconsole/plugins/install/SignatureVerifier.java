package io.pluginconsole.plugins.install;

import io.pluginconsole.plugins.PluginException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * Checks a detached OpenPGP signature over the exact bundle bytes, as Mattermost does, against
 * the trusted public keys (armored or binary). It runs before anything is unpacked.
 */
public final class SignatureVerifier {
    public static final String VERIFY_ERROR = "api.plugin.verify_plugin.app_error";

    private final List<PGPPublicKeyRingCollection> keyRings;

    private SignatureVerifier(List<PGPPublicKeyRingCollection> keyRings) {
        this.keyRings = keyRings;
    }

    /**
     * Loads the keys named in PluginSettings.SignaturePublicKeyFiles, which are file names in
     * the folder of the configuration file (Mattermost's config store).
     */
    public static SignatureVerifier fromKeyFiles(Path configFolder, List<String> names) {
        List<PGPPublicKeyRingCollection> rings = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            Path file = configFolder.resolve(name).normalize();
            if (name.contains("/") || name.contains("\\") || !file.startsWith(configFolder)) {
                throw new IllegalArgumentException("PluginSettings.SignaturePublicKeyFiles entry \"" + name
                        + "\" must be a file name in " + configFolder);
            }
            try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
                rings.add(new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator()));
            } catch (IOException | PGPException e) {
                throw new IllegalArgumentException("Cannot read the public key " + file + " named in "
                        + "PluginSettings.SignaturePublicKeyFiles: " + e.getMessage(), e);
            }
        }
        return new SignatureVerifier(rings);
    }

    /** Throws unless {@code signature} is a valid signature of {@code bundle} by a trusted key. */
    public void verify(Path bundle, byte[] signature) {
        if (signature == null || signature.length == 0) {
            throw failure("the bundle has no signature, and PluginSettings.RequirePluginSignature is on");
        }
        PGPSignature parsed = parse(signature);
        PGPPublicKey key = findKey(parsed.getKeyID());
        if (key == null) {
            throw failure("the signature was made with a key that is not trusted here; add the signer's public "
                    + "key to PluginSettings.SignaturePublicKeyFiles");
        }
        try (InputStream in = Files.newInputStream(bundle)) {
            parsed.init(new JcaPGPContentVerifierBuilderProvider(), key);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                parsed.update(buffer, 0, n);
            }
            if (!parsed.verify()) {
                throw failure("the signature does not match the bundle");
            }
        } catch (IOException | PGPException e) {
            throw failure("the signature could not be checked: " + e.getMessage());
        }
    }

    private static PGPSignature parse(byte[] signature) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signature))) {
            Object object = new JcaPGPObjectFactory(in).nextObject();
            if (object instanceof PGPCompressedData compressed) {
                object = new JcaPGPObjectFactory(compressed.getDataStream()).nextObject();
            }
            if (object instanceof PGPSignatureList list && !list.isEmpty()) {
                return list.get(0);
            }
        } catch (IOException | PGPException | RuntimeException e) {
            throw failure("the signature file is not an OpenPGP signature");
        }
        throw failure("the signature file is not an OpenPGP signature");
    }

    private PGPPublicKey findKey(long keyId) {
        for (PGPPublicKeyRingCollection rings : keyRings) {
            PGPPublicKey key = rings.getPublicKey(keyId);
            if (key != null) {
                return key;
            }
        }
        return null;
    }

    static PluginException failure(String reason) {
        return new PluginException(VERIFY_ERROR, PluginException.Kind.BAD_INPUT,
                "Unable to verify plugin signature: " + reason + ".", reason, null);
    }
}
