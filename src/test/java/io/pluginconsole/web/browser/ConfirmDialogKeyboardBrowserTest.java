package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The destructive confirmations (overwrite, remove) from the keyboard: the focus starts on Cancel,
 * Tab stays inside the dialog, Escape closes it and takes the dialog out of the address, and the
 * red buttons are readable.
 */
class ConfirmDialogKeyboardBrowserTest extends BrowserTest {

    private ConsolePage overwriteDialog() {
        ConsolePage console = signIn();
        console.upload(bundle("demo", "1.0.0"));
        assertThat(console.flash()).hasText("Successfully uploaded plugin from demo-1.0.0.tar.gz");
        console.upload(bundle("demo", "2.0.0"));
        assertThat(console.overwriteDialog()).isVisible();
        return console;
    }

    private ConsolePage removeDialog() {
        preinstall(bundle("demo", "1.0.0"));
        ConsolePage console = signIn();
        page.locator("#remove-demo").click();
        assertThat(console.removeDialog()).isVisible();
        return console;
    }

    @ParameterizedTest(name = "script {0}")
    @ValueSource(booleans = {true, false})
    void enterOnTheOverwriteDialogCancels(boolean script) {
        useScript(script);
        ConsolePage console = overwriteDialog();
        assertThat(page.locator("#overwrite-cancel")).isFocused();

        page.keyboard().press("Enter");

        assertThat(page).hasURL(url(HOME));
        assertThat(console.overwriteDialog()).hasCount(0);
        assertThat(console.row("demo").locator(".plugin-id")).hasText("(demo - 1.0.0)");
    }

    @ParameterizedTest(name = "script {0}")
    @ValueSource(booleans = {true, false})
    void enterOnTheRemoveDialogCancels(boolean script) {
        useScript(script);
        ConsolePage console = removeDialog();
        assertThat(page.locator("#remove-cancel")).isFocused();

        page.keyboard().press("Enter");

        assertThat(page).hasURL(url(HOME));
        assertThat(console.removeDialog()).hasCount(0);
        assertThat(console.row("demo")).isVisible();
    }

    @Test
    void tabStaysInsideTheOverwriteDialog() {
        overwriteDialog();
        assertCycles("#overwrite-cancel", "#overwrite-confirm");
    }

    @Test
    void tabStaysInsideTheRemoveDialog() {
        removeDialog();
        assertCycles("#remove-cancel", "#remove-confirm");
    }

    private void assertCycles(String cancel, String confirm) {
        assertThat(page.locator(cancel)).isFocused();
        page.keyboard().press("Tab");
        assertThat(page.locator(confirm)).isFocused();
        page.keyboard().press("Tab");
        assertThat(page.locator(cancel)).isFocused();
        page.keyboard().press("Shift+Tab");
        assertThat(page.locator(confirm)).isFocused();
        page.keyboard().press("Shift+Tab");
        assertThat(page.locator(cancel)).isFocused();
    }

    @Test
    void escapeClosesTheOverwriteDialogAndForgetsItInTheAddress() {
        ConsolePage console = overwriteDialog();
        assertThat(page).hasURL(Pattern.compile(".*\\?overwrite=[a-z0-9]+$"));

        page.keyboard().press("Escape");

        assertThat(console.overwriteDialog()).isHidden();
        assertThat(page).hasURL(url(HOME));
        assertThat(console.row("demo").locator(".plugin-id")).hasText("(demo - 1.0.0)");
    }

    @Test
    void escapeClosesTheRemoveDialogAndForgetsItInTheAddress() {
        ConsolePage console = removeDialog();
        assertThat(page).hasURL(url(HOME + "?remove=demo"));

        page.keyboard().press("Escape");

        assertThat(console.removeDialog()).isHidden();
        assertThat(page).hasURL(url(HOME));
        page.reload();
        assertThat(console.removeDialog()).hasCount(0);
        assertThat(console.row("demo")).isVisible();
    }

    @Test
    void theRedButtonsReachFourAndAHalfToOne() {
        overwriteDialog();
        assertThat(contrast(page.locator("#overwrite-confirm"))).isGreaterThanOrEqualTo(4.5);
        page.keyboard().press("Escape");
        page.navigate(url(HOME + "?remove=demo"));
        assertThat(contrast(page.locator("#remove-confirm"))).isGreaterThanOrEqualTo(4.5);
    }

    /** WCAG contrast ratio of an element's text colour against its background colour. */
    private static double contrast(Locator element) {
        String fg = (String) element.evaluate("e => getComputedStyle(e).color");
        String bg = (String) element.evaluate("e => getComputedStyle(e).backgroundColor");
        double a = luminance(fg);
        double b = luminance(bg);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }

    private static double luminance(String rgb) {
        Matcher m = Pattern.compile("rgba?\\((\\d+), (\\d+), (\\d+)").matcher(rgb);
        assertThat(m.find()).as(rgb).isTrue();
        double[] weights = {0.2126, 0.7152, 0.0722};
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(m.group(i + 1)) / 255.0;
            c = c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
            sum += weights[i] * c;
        }
        return sum;
    }
}
