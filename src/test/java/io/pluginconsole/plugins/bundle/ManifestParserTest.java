package io.pluginconsole.plugins.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestParserTest {
    static final Path FIXTURES = Path.of("src/test/resources/real-manifests");

    static Stream<Path> validFixtures() throws IOException {
        return fixtureFiles().filter(p -> !p.getParent().getFileName().toString().endsWith("__invalid"));
    }

    static Stream<Path> invalidFixtures() throws IOException {
        return fixtureFiles().filter(p -> p.getParent().getFileName().toString().endsWith("__invalid"));
    }

    private static Stream<Path> fixtureFiles() throws IOException {
        return Files.list(FIXTURES).filter(Files::isDirectory).sorted()
                .flatMap(dir -> ManifestParser.FILE_NAMES.stream().map(dir::resolve).filter(Files::exists));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFixtures")
    void everyRealManifestParses(Path file) throws IOException {
        ParsedManifest parsed = ManifestParser.parse(Files.readAllBytes(file), file.getFileName().toString());
        Manifest manifest = parsed.manifest();
        assertThat(manifest.id()).isNotBlank().isEqualTo(manifest.id().toLowerCase());
        assertThat(PluginIds.isValid(manifest.id())).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFixtures")
    void brokenRealManifestsGiveLineAndColumn(Path file) {
        assertThatThrownBy(() -> ManifestParser.parse(Files.readAllBytes(file), file.getFileName().toString()))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.id()).isEqualTo(ErrorIds.MANIFEST);
                    assertThat(e.getMessage()).containsPattern("plugin.json is not valid JSON at line \\d+, column \\d+");
                });
    }

    @Test
    void skype4businessTrailingCommaIsReportedWhereItIs() throws IOException {
        Path file = FIXTURES.resolve("mattermost__mattermost-plugin-skype4business__e1570f1__invalid/plugin.json");
        String text = Files.readString(file);
        assertThatThrownBy(() -> ManifestParser.parse(text.getBytes(StandardCharsets.UTF_8), "plugin.json"))
                .hasMessageContaining("at line");
    }

    @Test
    void idsAreLowerCasedAsMattermostDoes() {
        assertThat(parse("plugin.json", "{\"id\":\"FOO\"}").id()).isEqualTo("foo");
        assertThat(parse("plugin.yml", "id: FOO").id()).isEqualTo("foo");
    }

    @Test
    void yamlScalarsAndLegacyBackendAreRead() {
        Manifest manifest = parse("plugin.yaml", "id: memes\nversion: '1.0'\nbackend:\n  executable: plugin\n");
        assertThat(manifest.version()).isEqualTo("1.0");
        assertThat(manifest.executableFor("linux-amd64")).isEqualTo("plugin");
        assertThat(ManifestValidator.warnings(manifest)).anyMatch(w -> w.contains("old \"backend\" key"));
    }

    @Test
    void yamlThatIsNotAMappingIsRefused() {
        assertThatThrownBy(() -> parse("plugin.yaml", "bar")).isInstanceOf(PluginException.class)
                .hasMessageContaining("must hold an object");
    }

    @Test
    void lookupOrderIsYmlThenYamlThenJson(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("plugin.json"), "{\"id\":\"from-json\"}");
        assertThat(ManifestParser.find(dir).manifest().id()).isEqualTo("from-json");
        Files.writeString(dir.resolve("plugin.yaml"), "id: from-yaml");
        assertThat(ManifestParser.find(dir).manifest().id()).isEqualTo("from-yaml");
        Files.writeString(dir.resolve("plugin.yml"), "id: [broken");
        assertThatThrownBy(() -> ManifestParser.find(dir)).hasMessageContaining("plugin.yml is not valid YAML at line");
    }

    @Test
    void unknownFieldsAreWarningsNotErrors() {
        ParsedManifest parsed = ManifestParser.parse(("{\"id\":\"abc\",\"settings_schema\":{\"settings\":"
                + "[{\"key\":\"a\",\"type\":\"text\",\"help_test\":\"typo\"}]},\"@class\":\"java.io.File\"}")
                .getBytes(StandardCharsets.UTF_8), "plugin.json");
        assertThat(parsed.warnings()).containsExactlyInAnyOrder(
                "unknown field \"settings_schema.settings.0.help_test\" is ignored",
                "unknown field \"@class\" is ignored");
    }

    @Test
    void toleratedProblemsBecomeWarnings() {
        Manifest manifest = parse("plugin.json", "{\"id\":\"abc\",\"homepage_url\":\"__PLUGIN_REPO_URL__\","
                + "\"icon_path\":\"assets/icon.png\",\"settings_schema\":{\"settings\":["
                + "{\"key\":\"n\",\"type\":\"number\",\"default\":\"30\"},"
                + "{\"key\":\"b\",\"type\":\"bool\",\"placeholder\":\"x\"},"
                + "{\"key\":\"r\",\"type\":\"radio\",\"options\":[{\"value\":\"1\"}]},"
                + "{\"key\":\"t\",\"type\":\"Invalid\"}]}}");
        assertThat(ManifestValidator.warnings(manifest)).containsExactly(
                "The manifest has no name; the id is shown instead.",
                "The manifest has no version, so upgrades cannot be told from downgrades.",
                "The homepage_url \"__PLUGIN_REPO_URL__\" is not an http(s) URL; it is not shown as a link.",
                "The icon \"assets/icon.png\" is not an SVG image.",
                "Setting n: the default \"30\" is not a number value.",
                "Setting b: a placeholder is not used by bool settings.",
                "Setting r: every option needs a display_name and a value.",
                "Setting t has the unknown type \"Invalid\".");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "com.mattermost.plugin_with_features-0.9", "PLUGINS-THAT-YELL-ARE-OK-2"})
    void validIdsFromMattermostTests(String id) {
        assertThat(PluginIds.isValid(id)).isTrue();
        assertThat(PluginIds.isValid("a".repeat(190))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "ab", "../path", "/etc/passwd", "some id", "invalid#plugin#id", "..", "...",
            ".abc", "con", "LPT1.txt"})
    void invalidIdsFromMattermostTestsAndOurs(String id) {
        assertThat(PluginIds.isValid(id)).isFalse();
        assertThat(PluginIds.isValid("a".repeat(191))).isFalse();
    }

    @Test
    void executableLookupFollowsMattermost() {
        assertThat(parse("plugin.json", "{\"id\":\"abc\"}").executableFor("linux-amd64")).isNull();
        assertThat(parse("plugin.json", "{\"id\":\"abc\",\"server\":{\"executable\":\"x\"}}")
                .executableFor("darwin-arm64")).isEqualTo("x");
        assertThat(parse("plugin.json", "{\"id\":\"abc\",\"server\":{\"executables\":{\"linux-arm64\":\"a\"}}}")
                .executableFor("linux-amd64")).isNull();
        assertThat(parse("plugin.json", "{\"id\":\"abc\",\"server\":{\"executables\":{\"linux-amd64\":\"l\"},"
                + "\"executable\":\"\"}}").executableFor("linux-amd64")).isEqualTo("l");
    }

    private static Manifest parse(String name, String text) {
        return ManifestParser.parse(text.getBytes(StandardCharsets.UTF_8), name).manifest();
    }
}
