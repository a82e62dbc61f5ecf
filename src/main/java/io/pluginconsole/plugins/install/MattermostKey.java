package io.pluginconsole.plugins.install;

import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mattermost's plugin signing key (the constant {@code mattermostPluginPublicKey} of its server),
 * embedded so bundles signed by Mattermost verify here as they do there. It is tried before the
 * configured keys. The resource is checked against the published fingerprint when it is loaded.
 */
public final class MattermostKey {
    private static final Logger LOG = LoggerFactory.getLogger(MattermostKey.class);

    /** RSA-4096, created 2019-11-22, uid "Mattermost, Inc. &lt;support@mattermost.com&gt;". */
    public static final String FINGERPRINT = "C55881B80F69E863B85AD5D1D1B54B47A5CEFEC4";
    public static final String RESOURCE = "/signing/mattermost-plugin-production.asc";
    public static final String NAME = "mattermost-plugin-production (built-in)";

    private static volatile PGPPublicKeyRingCollection loaded;
    private static volatile boolean tried;

    private MattermostKey() {
    }

    /** The embedded key, or null when the resource is not in the build (then it is logged once). */
    public static PGPPublicKeyRingCollection get() {
        if (!tried) {
            synchronized (MattermostKey.class) {
                if (!tried) {
                    loaded = load();
                    tried = true;
                }
            }
        }
        return loaded;
    }

    private static PGPPublicKeyRingCollection load() {
        try (InputStream in = MattermostKey.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                LOG.warn("The Mattermost plugin signing key ({}) is missing from this build; bundles signed by "
                        + "Mattermost verify only if its key is added with 'plugin keys add'", RESOURCE);
                return null;
            }
            return check(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the embedded Mattermost key " + RESOURCE, e);
        }
    }

    /** Parses {@code bytes} and refuses them unless they are exactly the key with {@link #FINGERPRINT}. */
    public static PGPPublicKeyRingCollection check(byte[] bytes) {
        PGPPublicKeyRingCollection rings = PublicKeys.parse(bytes);
        TrustedKey key = PublicKeys.describe(rings, NAME, true);
        if (rings.size() != 1 || !FINGERPRINT.equals(key.fingerprint())) {
            throw new IllegalStateException("The embedded Mattermost plugin key has fingerprint "
                    + TrustedKey.spaced(key.fingerprint()) + " but " + TrustedKey.spaced(FINGERPRINT)
                    + " was expected; refusing to trust it");
        }
        return rings;
    }

    /** The embedded key as listed by 'plugin keys list', or null when it is missing. */
    public static TrustedKey describe() {
        PGPPublicKeyRingCollection rings = get();
        return rings == null ? null : PublicKeys.describe(rings, NAME, true);
    }
}
