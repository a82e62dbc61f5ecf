package io.pluginconsole.storage;

/** Key rules shared by every store: relative, slash-separated, no empty, "." or ".." parts. */
public final class StoreKeys {
    private StoreKeys() {
    }

    public static String check(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("//") || key.contains("\\")) {
            throw new IllegalArgumentException("Invalid file store key: " + key);
        }
        for (String part : key.split("/", -1)) {
            if (part.isEmpty() && !key.endsWith("/") || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("Invalid file store key: " + key);
            }
            for (int i = 0; i < part.length(); i++) {
                if (Character.isISOControl(part.charAt(i))) {
                    throw new IllegalArgumentException("Invalid file store key: " + key);
                }
            }
        }
        return key;
    }

    /** The Mattermost-compatible key of a plugin's bundle. */
    public static String bundle(String pluginId) {
        return check("plugins/" + pluginId + ".tar.gz");
    }

    /** The key of a bundle's detached signature. */
    public static String signature(String pluginId) {
        return bundle(pluginId) + ".sig";
    }
}
