package io.pluginconsole.web.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;

/** The Plugin Management page by its stable hooks: element ids and the data attributes of plugin rows. */
final class ConsolePage {
    private final Page page;

    ConsolePage(Page page) {
        this.page = page;
    }

    Page page() {
        return page;
    }

    /** The one-shot result message shown after an action. */
    Locator flash() {
        return page.locator("#flash");
    }

    Locator row(String pluginId) {
        return page.locator(".plugin[data-plugin-id=\"" + pluginId + "\"]");
    }

    Locator rows() {
        return page.locator(".plugin[data-plugin-id]");
    }

    Locator fileInput() {
        return page.locator("#plugin-file");
    }

    Locator chosenFile() {
        return page.locator("#chosen-file");
    }

    Locator uploadButton() {
        return page.locator("#uploadPlugin");
    }

    Locator uploadStatus() {
        return page.locator("#upload-status");
    }

    Locator uploadHelp() {
        return page.locator("#upload-help");
    }

    Locator urlInput() {
        return page.locator("#plugin-url");
    }

    Locator installButton() {
        return page.locator("#install-url");
    }

    Locator overwriteDialog() {
        return page.locator("#overwrite-dialog");
    }

    Locator removeDialog() {
        return page.locator("#remove-dialog");
    }

    Locator noPlugins() {
        return page.locator("#no-plugins");
    }

    Locator filter() {
        return page.locator("#plugin-filter");
    }

    /** Chooses a bundle in the file chooser. */
    void choose(Path bundle) {
        fileInput().setInputFiles(bundle);
    }

    /** Chooses a bundle and presses Upload. */
    void upload(Path bundle) {
        choose(bundle);
        uploadButton().click();
    }

    void installFromUrl(String url) {
        urlInput().fill(url);
        installButton().click();
    }
}
