package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server without any account: the browser is sent to /setup and creates the first administrator. */
class FirstRunSetupBrowserTest extends BrowserTest {
    private TestServer server;

    @BeforeEach
    void startWithoutUsers() {
        server = startServer(Map.of(), false);
    }

    @Test
    void signInAndConsoleLeadToSetup() {
        page.navigate(url("/login"));
        assertThat(page).hasURL(url("/setup"));

        page.navigate(url(HOME));
        assertThat(page).hasURL(url("/setup"));
        assertThat(page.locator("h1")).hasText("Create the first administrator");
        // Where the token is, without the server's absolute paths, for anyone who opens the page.
        assertThat(page.locator("main")).containsText("setup-token in the server's data folder");
        assertThat(page.content()).doesNotContain(server.root().toString());
    }

    @Test
    void aWrongTokenIsRefused() {
        fillSetup("not-the-token");

        assertThat(page).hasURL(url("/setup"));
        assertThat(page.locator("#setup-error")).containsText("The setup token is not right.");
        // What was typed stays, except the secrets.
        assertThat(page.locator("#username")).hasValue("root");
        assertThat(page.locator("#email")).hasValue("root@example.com");
        assertThat(page.locator("#setup_token")).hasValue("not-the-token");
        assertThat(page.locator("#password")).isEmpty();
        assertThat(page.locator("#password_confirm")).isEmpty();
        assertThat(page.content()).doesNotContain(server.root().toString());
        assertThat(server.server().accounts().auth().adminExists()).isFalse();
    }

    @Test
    void differingPasswordsKeepTheTokenAndNames() throws Exception {
        String token = Files.readString(tokenFile()).strip();
        fillSetup(token, "another-long-password");

        assertThat(page.locator("#setup-error")).containsText("The two passwords differ.");
        assertThat(page.locator("#setup_token")).hasValue(token);
        assertThat(page.locator("#username")).hasValue("root");
        assertThat(page.locator("#password")).isEmpty();
    }

    @Test
    void theRightTokenCreatesTheAdministratorAndSignsIn() throws Exception {
        fillSetup(Files.readString(tokenFile()).strip());

        assertThat(page).hasURL(url(HOME));
        assertThat(page.locator("h1")).hasText("Plugin Management");
        assertThat(page.locator(".sidebar .who")).hasText("root");
        assertThat(server.server().accounts().auth().adminExists()).isTrue();
        assertThat(tokenFile()).doesNotExist();

        // Setup is over: the page now sends people to sign in.
        page.navigate(url("/setup"));
        assertThat(page).hasURL(url("/login"));
    }

    private void fillSetup(String token) {
        fillSetup(token, "a-long-enough-password");
    }

    private void fillSetup(String token, String confirmation) {
        page.navigate(url("/setup"));
        page.locator("#setup_token").fill(token);
        page.locator("#email").fill("root@example.com");
        page.locator("#username").fill("root");
        page.locator("#password").fill("a-long-enough-password");
        page.locator("#password_confirm").fill(confirmation);
        page.locator("#setup-submit").click();
    }

    private Path tokenFile() {
        return server.root().resolve("data/setup-token");
    }
}
