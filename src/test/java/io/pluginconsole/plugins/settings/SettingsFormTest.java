package io.pluginconsole.plugins.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.bundle.ManifestParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Schema to fields, stored values and defaults, validation and typed values, secrets. */
class SettingsFormTest {
    static final String SCHEMA = """
            {"id": "demo", "settings_schema": {
              "header": "Head", "footer": "Foot",
              "settings": [
                {"key": "EnableThing", "display_name": "Enable thing", "type": "bool", "default": true},
                {"key": "Colour", "display_name": "Colour", "type": "dropdown", "default": "red",
                 "options": [{"display_name": "Red", "value": "red"}, {"display_name": "None", "value": ""}]},
                {"key": "Size", "display_name": "Size", "type": "radio", "default": "s",
                 "options": [{"display_name": "Small", "value": "s"}, {"display_name": "Large", "value": "l"}]},
                {"key": "Greeting", "display_name": "Greeting", "type": "text", "default": "hello"},
                {"key": "Notes", "display_name": "Notes", "type": "longtext"},
                {"key": "MaxItems", "display_name": "Max items", "type": "number", "default": "30"},
                {"key": "Webhook", "display_name": "Webhook secret", "type": "generated", "secret": true},
                {"key": "Bot", "display_name": "Bot", "type": "username"},
                {"key": "Layout", "display_name": "Layout", "type": "custom"},
                {"key": "Strange", "display_name": "Strange", "type": "hologram"},
                {"key": "CloudOnly", "display_name": "Cloud only", "type": "text", "hosting": "cloud"}
              ]}}
            """;

    static SettingsForm form(String manifestJson) {
        Manifest m = ManifestParser.parse(manifestJson.getBytes(StandardCharsets.UTF_8), "plugin.json").manifest();
        return SettingsForm.of(m.settingsSchema());
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, String> input(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void everyTypeBecomesAFieldWithLowerCasedKeys() {
        SettingsForm f = form(SCHEMA);
        assertThat(f.header()).isEqualTo("Head");
        assertThat(f.footer()).isEqualTo("Foot");
        assertThat(f.fields()).extracting(SettingsForm.Field::storeKey).containsExactly("enablething", "colour",
                "size", "greeting", "notes", "maxitems", "webhook", "bot", "layout", "strange");
        assertThat(f.fields()).extracting(SettingsForm.Field::kind).containsExactly(SettingsForm.Kind.BOOL,
                SettingsForm.Kind.DROPDOWN, SettingsForm.Kind.RADIO, SettingsForm.Kind.TEXT, SettingsForm.Kind.LONGTEXT,
                SettingsForm.Kind.NUMBER, SettingsForm.Kind.GENERATED, SettingsForm.Kind.USERNAME,
                SettingsForm.Kind.CUSTOM, SettingsForm.Kind.UNKNOWN);
        assertThat(f.fields().get(9).editable()).isFalse();
        assertThat(f.isEmpty()).isFalse();
    }

    @Test
    void valuesComeFromTheStoredMapElseTheDefault() {
        SettingsForm f = form(SCHEMA);
        SettingsForm.Values fresh = f.values(null);
        assertThat(fresh.of("enablething")).isEqualTo("true");
        assertThat(fresh.of("colour")).isEqualTo("red");
        assertThat(fresh.of("greeting")).isEqualTo("hello");
        assertThat(fresh.of("maxitems")).isEqualTo("30");
        assertThat(fresh.of("notes")).isEmpty();

        SettingsForm.Values stored = f.values(map("enablething", false, "Greeting", "hi", "maxitems", 7,
                "layout", Map.of("columns", 2)));
        assertThat(stored.of("enablething")).isEqualTo("false");
        assertThat(stored.of("greeting")).as("a key stored in another case still counts").isEqualTo("hi");
        assertThat(stored.of("maxitems")).isEqualTo("7");
        assertThat(stored.of("layout")).isEqualTo("{\"columns\":2}");
    }

    @Test
    void validSubmissionGivesTypedValues() {
        SettingsForm f = form(SCHEMA);
        SettingsForm.Submission s = f.submit(input("enablething", "false", "colour", "", "size", "l",
                "greeting", "Hi there", "notes", "line 1\nline 2", "maxitems", " 42 ", "bot", "@bot",
                "layout", "{\"columns\":3}"), Set.of(), null);
        assertThat(s.valid()).isTrue();
        assertThat(s.updates()).containsEntry("enablething", false).containsEntry("colour", "")
                .containsEntry("size", "l").containsEntry("greeting", "Hi there")
                .containsEntry("notes", "line 1\nline 2").containsEntry("maxitems", 42L)
                .containsEntry("bot", "@bot").containsEntry("layout", Map.of("columns", 3));
        assertThat(s.updates().get("enablething")).isInstanceOf(Boolean.class);
        assertThat(f.submit(input("maxitems", "2.5"), Set.of(), null).updates()).containsEntry("maxitems", 2.5);
        assertThat(f.submit(input("maxitems", "-3"), Set.of(), null).updates()).containsEntry("maxitems", -3L);
    }

    @Test
    void invalidValuesAreReportedPerFieldAndKeptForTheForm() {
        SettingsForm f = form(SCHEMA);
        SettingsForm.Submission s = f.submit(input("enablething", "yes", "colour", "blue", "size", "xl",
                "maxitems", "abc", "greeting", "two\nlines", "bot", "x".repeat(SettingsForm.MAX_USERNAME + 1),
                "layout", "{not json"), Set.of(), null);
        assertThat(s.valid()).isFalse();
        assertThat(s.errors()).containsOnlyKeys("enablething", "colour", "size", "maxitems", "greeting", "bot",
                "layout");
        assertThat(s.errors().get("maxitems")).isEqualTo("Enter a number, such as 10 or 2.5.");
        assertThat(s.echo().of("maxitems")).isEqualTo("abc");
        assertThat(s.echo().of("colour")).isEqualTo("blue");
        assertThat(f.submit(input("greeting", "x".repeat(SettingsForm.MAX_TEXT + 1)), Set.of(), null).errors())
                .containsKey("greeting");
        for (String notANumber : List.of("1e", "NaN", "Infinity", "0x10", "1,5", "1 2", "1e999999")) {
            assertThat(f.submit(input("maxitems", notANumber), Set.of(), null).errors()).as(notANumber)
                    .containsKey("maxitems");
        }
    }

    @Test
    void missingFieldsKeepTheirValueAndAnEmptiedNumberIsRemoved() {
        SettingsForm f = form(SCHEMA);
        SettingsForm.Submission s = f.submit(input("maxitems", ""), Set.of(), map("greeting", "kept"));
        assertThat(s.valid()).isTrue();
        assertThat(s.updates()).isEmpty();
        assertThat(s.removals()).containsExactly("maxitems");
    }

    @Test
    void secretsAreNeverShownAndEmptyOrMaskKeepsThem() {
        SettingsForm f = form(SCHEMA);
        Map<String, Object> stored = map("webhook", "s3cr3t-value");
        SettingsForm.Values v = f.values(stored);
        assertThat(v.of("webhook")).isEmpty();
        assertThat(v.storedSecrets()).containsExactly("webhook");
        assertThat(v.text().values()).doesNotContain("s3cr3t-value");
        assertThat(f.publicValues(stored)).doesNotContainKey("webhook").doesNotContainValue("s3cr3t-value");

        for (String kept : new String[] {"", SettingsForm.SECRET_MASK}) {
            SettingsForm.Submission s = f.submit(input("webhook", kept), Set.of(), stored);
            assertThat(s.updates()).doesNotContainKey("webhook");
            assertThat(s.removals()).isEmpty();
            assertThat(s.echo().storedSecrets()).containsExactly("webhook");
        }
        SettingsForm.Submission changed = f.submit(input("webhook", "new-value", "maxitems", "bad"), Set.of(), stored);
        assertThat(changed.updates()).containsEntry("webhook", "new-value");
        assertThat(changed.echo().of("webhook")).as("a typed secret is not sent back either").isEmpty();

        SettingsForm.Submission cleared = f.submit(input("webhook", ""), Set.of("webhook"), stored);
        assertThat(cleared.removals()).containsExactly("webhook");
        assertThat(cleared.echo().storedSecrets()).isEmpty();
    }

    @Test
    void aKeyMarkedSecretInAnyCopyIsSecretAndSectionsComeFirst() {
        SettingsForm f = form("""
                {"id": "calls", "settings_schema": {
                  "settings": [{"key": "Token", "display_name": "Token", "type": "text"},
                               {"key": "Extra", "display_name": "Extra", "type": "text"}],
                  "sections": [{"key": "Main", "title": "Main", "subtitle": "The main part",
                                "settings": [{"key": "token", "display_name": "Token", "type": "text", "secret": true}]},
                               {"key": "Custom", "title": "Drawn by the plugin", "custom": true, "settings": []}]}}
                """);
        assertThat(f.sections()).extracting(SettingsForm.Section::title).containsExactly("Main",
                "Drawn by the plugin", "");
        assertThat(f.sections().get(0).subtitle()).isEqualTo("The main part");
        assertThat(f.sections().get(1).custom()).isTrue();
        assertThat(f.fields()).extracting(SettingsForm.Field::storeKey).containsExactly("token", "extra");
        assertThat(f.fields().get(0).secret()).isTrue();
    }

    @Test
    void noSchemaOrAnEmptyOneHasNoSettings() {
        assertThat(SettingsForm.of(null).isEmpty()).isTrue();
        assertThat(form("{\"id\": \"x\", \"settings_schema\": {\"header\": \"\", \"settings\": []}}").isEmpty())
                .isTrue();
        assertThat(form("{\"id\": \"x\", \"settings_schema\": {\"header\": \"Only words\"}}").isEmpty()).isFalse();
    }

    @Test
    void generatedValuesAreRandom32Characters() {
        String a = SettingsForm.generate();
        String b = SettingsForm.generate();
        assertThat(a).hasSize(32).matches("[A-Za-z0-9]{32}").isNotEqualTo(b);
    }

    @Test
    void oddDefaultsOfRealManifestsAreShown() throws Exception {
        // bigbluebutton: a bool whose default is the string "false"; jira: a number whose default is "30".
        SettingsForm f = form("""
                {"id": "x", "settings_schema": {"settings": [
                  {"key": "A", "type": "bool", "default": "false"},
                  {"key": "B", "type": "bool", "default": null},
                  {"key": "C", "type": "number", "default": "30"},
                  {"key": "D", "type": "text", "default": null}]}}
                """);
        assertThat(f.values(null).text()).containsExactly(Map.entry("a", "false"), Map.entry("b", "false"),
                Map.entry("c", "30"), Map.entry("d", ""));
        Path demo = Path.of("src/test/resources/real-manifests/mattermost__mattermost-plugin-demo/plugin.json");
        SettingsForm real = SettingsForm.of(ManifestParser.parse(Files.readAllBytes(demo), "plugin.json").manifest()
                .settingsSchema());
        assertThat(real.values(null).of("secretnumber")).isEqualTo("123");
        assertThat(real.sections()).hasSize(5);
    }
}
