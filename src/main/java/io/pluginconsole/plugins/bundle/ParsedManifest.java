package io.pluginconsole.plugins.bundle;

import java.util.List;

/** A manifest as read from a bundle, with what the parser tolerated but wants shown. */
public record ParsedManifest(Manifest manifest, String fileName, List<String> warnings) {
}
