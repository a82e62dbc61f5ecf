package io.pluginconsole.plugins.install;

/**
 * The shared record of which bundle each stored plugin should be (its SHA-256), written by the
 * node that stores or removes the bundle, so other nodes can tell an upgrade from a tampered
 * bundle. A single node has none ({@link #NONE}).
 */
public interface BundleLedger {
    BundleLedger NONE = new BundleLedger() {
        @Override
        public void recordStored(String pluginId, String sha256, String version) {
        }

        @Override
        public void recordRemoved(String pluginId) {
        }
    };

    /** Called once the bundle is in the file store; throws when the record cannot be written. */
    void recordStored(String pluginId, String sha256, String version);

    /** Called once the bundle was deleted from the file store. */
    void recordRemoved(String pluginId);
}
