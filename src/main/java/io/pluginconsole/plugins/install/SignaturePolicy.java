package io.pluginconsole.plugins.install;

import java.util.function.Supplier;

/**
 * Whether installs must carry a valid signature (PluginSettings.RequirePluginSignature) and where
 * the trusted keys come from; the keys are read only when a signature is checked.
 */
public record SignaturePolicy(boolean required, Supplier<SignatureVerifier> keys) {

    public SignatureVerifier verifier() {
        try {
            return keys.get();
        } catch (IllegalArgumentException e) {
            throw SignatureVerifier.failure(e.getMessage());
        }
    }
}
