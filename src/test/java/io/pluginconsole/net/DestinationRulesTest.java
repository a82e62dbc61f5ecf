package io.pluginconsole.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The address table, literal parsing and the allow list, without any network. */
class DestinationRulesTest {

    static InetAddress literal(String text) {
        InetAddress address = IpLiterals.toAddress(text);
        assertThat(address).as(text).isNotNull();
        return address;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1|a loopback address",
            "0.0.0.0|an unspecified (\"this network\") address",
            "10.255.0.1|a private address",
            "172.31.0.1|a private address",
            "192.168.0.1|a private address",
            "100.127.255.255|a shared (carrier-grade NAT) address",
            "169.254.169.254|a link-local address (cloud metadata services live there)",
            "198.19.0.1|a benchmarking address",
            "192.0.2.1|a documentation address",
            "224.0.0.251|a multicast address",
            "240.1.2.3|a reserved address",
            "255.255.255.255|the broadcast address",
            "::1|a loopback address",
            "::|an unspecified address",
            "fd12::1|a private (unique local) address",
            "fe80::1|a link-local address",
            "ff02::1|a multicast address",
            "2001:db8::1|a documentation address",
            "::127.0.0.1|an IPv4-compatible IPv6 address (deprecated)",
            "::ffff:10.0.0.1|a private address",
            "64:ff9b::7f00:1|a NAT64 address of 127.0.0.1, a loopback address",
            "2002:a9fe:a9fe::|a 6to4 address of 169.254.169.254, a link-local address (cloud metadata services live there)",
            "2001:0:4136:e378::1|a Teredo tunnel address"})
    void specialAddresses(String address, String description) {
        assertThat(SpecialAddresses.describe(literal(address))).contains(description);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.32.0.1", "2606:4700::1111",
            "64:ff9b::808:808", "2002:808:808::", "::ffff:8.8.8.8"})
    void publicAddresses(String address) {
        assertThat(SpecialAddresses.describe(literal(address))).isEmpty();
    }

    @Test
    void mappedAddressesKeepTheirSixteenBytes() {
        assertThat(IpLiterals.parseLiteral("[::ffff:127.0.0.1]")).hasSize(16);
        assertThat(SpecialAddresses.describe(IpLiterals.parseLiteral("::ffff:127.0.0.1")))
                .contains("an IPv4-mapped address of 127.0.0.1, a loopback address");
        assertThat(IpLiterals.parseLiteral("1::2::3")).isNull();
        assertThat(IpLiterals.parseLiteral("1:2:3:4:5:6:7:8:9")).isNull();
        assertThat(IpLiterals.parseLiteral("::1.2.3")).isNull();
        assertThat(IpLiterals.parseLiteral("[fe80::1%25eth0]")).isNull();
        assertThat(IpLiterals.parseLiteral("example.com")).isNull();
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,CANONICAL", "127.1,SHORTHAND", "2130706433,SHORTHAND", "0,SHORTHAND",
            "0177.0.0.1,OCTAL_OR_HEX", "0x7f.0.0.1,OCTAL_OR_HEX", "017700000001,OCTAL_OR_HEX", "1.2.3.4.5,OCTAL_OR_HEX",
            "256.0.0.1,SHORTHAND", "example.com,NONE", "1e100.net,NONE", "0xcafe.example,NONE"})
    void numericHostForms(String host, IpLiterals.NumericForm form) {
        assertThat(IpLiterals.numericForm(host)).isEqualTo(form);
    }

    @Test
    void shorthandsMeanWhatInetAtonReads() {
        assertThat(IpLiterals.shorthandValue("127.1").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(IpLiterals.shorthandValue("2130706433").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(IpLiterals.shorthandValue("10.1.513").getHostAddress()).isEqualTo("10.1.2.1");
        assertThat(IpLiterals.shorthandValue("0").getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(IpLiterals.shorthandValue("256.0.0.1")).isNull();
    }

    @Test
    void allowListTakesNamesAddressesAndRanges() throws Exception {
        AllowedInternalConnections allowed = AllowedInternalConnections.parse(
                " plugins.intranet,10.1.2.0/24  fd00::/8\n192.168.5.5 Repo.Example.COM. ");
        assertThat(allowed.allowsHost("PLUGINS.intranet")).isTrue();
        assertThat(allowed.allowsHost("repo.example.com")).isTrue();
        assertThat(allowed.allowsHost("other.intranet")).isFalse();
        assertThat(allowed.allowsAddress(InetAddress.getByName("10.1.2.200"))).isTrue();
        assertThat(allowed.allowsAddress(InetAddress.getByName("10.1.3.1"))).isFalse();
        assertThat(allowed.allowsAddress(InetAddress.getByName("192.168.5.5"))).isTrue();
        assertThat(allowed.allowsAddress(InetAddress.getByName("fd00::1"))).isTrue();
        assertThat(allowed.allowsAddress(IpLiterals.parseLiteral("::ffff:10.1.2.3"))).isTrue();
        assertThat(AllowedInternalConnections.parse("  ").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/x", "0177.0.0.1", "127.1", "http://repo", "bad_host!",
            "::1/129"})
    void allowListEntriesThatAreNotUnderstoodAreErrors(String entry) {
        assertThatThrownBy(() -> AllowedInternalConnections.parse("ok.example " + entry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(entry.split("/")[0]);
    }

    @Test
    void policyNamesTheHostTheAddressAndTheFix() throws Exception {
        DestinationPolicy policy = new DestinationPolicy(AllowedInternalConnections.parse("10.9.0.0/16 lab.intranet"),
                () -> Set.of(literal("203.0.113.77")));
        assertThat(policy.refuse("repo.intranet", List.of(InetAddress.getByName("10.8.1.2"))))
                .contains("repo.intranet resolves to 10.8.1.2, a private address. To allow it, add repo.intranet "
                        + "(or 10.8.1.0/24) to ServiceSettings.AllowedUntrustedInternalConnections.");
        assertThat(policy.refuse("repo.intranet", List.of(InetAddress.getByName("10.9.1.2")))).isEmpty();
        assertThat(policy.refuse("lab.intranet", List.of(InetAddress.getByName("127.0.0.1")))).isEmpty();
        assertThat(policy.refuse("localhost", List.of())).hasValueSatisfying(m -> assertThat(m)
                .startsWith("localhost is a name of this server itself."));
        assertThat(policy.refuse("a.localhost", List.of())).isPresent();
        assertThat(policy.refuse("::1", List.of(InetAddress.getByName("::1"))))
                .contains("[::1] is a loopback address. To allow it, add 0:0:0:0:0:0:0:1 to "
                        + "ServiceSettings.AllowedUntrustedInternalConnections.");
    }
}
