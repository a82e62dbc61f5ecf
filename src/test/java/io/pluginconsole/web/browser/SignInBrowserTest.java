package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import io.pluginconsole.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signing in and out through the real forms. */
class SignInBrowserTest extends BrowserTest {

    @Test
    void aWrongPasswordShowsTheError() {
        submitSignIn(TestServer.ADMIN, "not-the-password");

        assertThat(page).hasURL(url("/login"));
        assertThat(page.locator("#login-error")).hasText("Invalid username, email or password.");
        assertThat(page.locator("#login_id")).hasValue(TestServer.ADMIN);
        assertThat(page.locator("#password")).isEmpty();
    }

    @Test
    void theRightPasswordOpensPluginManagement() {
        signIn();

        assertThat(page.locator("h1")).hasText("Plugin Management");
        assertThat(page.locator(".sidebar .who")).hasText(TestServer.ADMIN);
    }

    @Test
    void aUserWhoIsNotAnAdministratorIsRefused() {
        submitSignIn(TestServer.USER, TestServer.PASSWORD);

        assertThat(page.locator("#error-message"))
                .hasText("Permission denied: only system administrators can open the System Console.");
    }

    @Test
    void signingInReturnsToThePageAsked() {
        page.navigate(url(HOME + "?q=demo"));
        assertThat(page).hasURL(url("/login?next=" + URLEncoder.encode(HOME + "?q=demo", StandardCharsets.UTF_8)));

        page.locator("#login_id").fill(TestServer.ADMIN);
        page.locator("#password").fill(TestServer.PASSWORD);
        page.locator("#login-submit").click();

        assertThat(page).hasURL(url(HOME + "?q=demo"));
        assertThat(page.locator("#plugin-filter")).hasValue("demo");
    }

    @ParameterizedTest(name = "next={0}")
    @ValueSource(strings = {"//evil.example", "https://evil.example/", "%2F%2Fevil.example", "/%5Cevil.example",
            "javascript:alert(1)"})
    void signingInNeverLeavesForAnotherSite(String next) {
        page.navigate(url("/login?next=" + next));
        page.locator("#login_id").fill(TestServer.ADMIN);
        page.locator("#password").fill(TestServer.PASSWORD);
        page.locator("#login-submit").click();

        assertThat(page).hasURL(url(HOME));
    }

    @Test
    void signOutEndsTheSession() {
        signIn();

        page.locator("#logout").click();

        assertThat(page).hasURL(url("/login"));
        assertThat(page.locator("#login-form")).isVisible();
        page.navigate(url(HOME));
        assertThat(page).hasURL(url("/login?next=" + URLEncoder.encode(HOME, StandardCharsets.UTF_8)));
    }
}
