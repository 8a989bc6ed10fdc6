package io.livemig.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

    @Test
    void dashIsStandardInputOrOutput() {
        assertEquals(new Endpoint.Stdio(), Endpoint.parse("-"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tcp:127.0.0.1:4567      | 127.0.0.1         | 4567",
            "tcp:10.1.2.3:0          | 10.1.2.3          | 0",
            "tcp:host-b.example:65535| host-b.example    | 65535",
            "tcp:localhost:1         | localhost         | 1",
            "TCP:dom0:22             | dom0              | 22",
            "tcp:[::1]:4567          | ::1               | 4567",
            "tcp:[fe80::1%eth0]:9    | fe80::1%eth0      | 9",
            "tcp:[2001:db8::7]:80    | 2001:db8::7       | 80",
            "tcp::4567               | 127.0.0.1         | 4567",
            "tcp:4567                | 127.0.0.1         | 4567",
            "tcp:0                   | 127.0.0.1         | 0",
    })
    void tcpForms(String text, String host, int port) {
        Endpoint e = Endpoint.parse(text);
        assertEquals(new Endpoint.Tcp(host, port), e);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/tmp/x.stream           | /tmp/x.stream",
            "x.stream                | x.stream",
            "file:/tmp/x.stream      | /tmp/x.stream",
            "file:-                  | -",
            "FILE:tcp:1              | tcp:1",
            "tcpdump.out             | tcpdump.out",
            "./tcp:1                 | ./tcp:1",
    })
    void fileForms(String text, String path) {
        assertEquals(new Endpoint.File(Path.of(path)), Endpoint.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "tcp:127.0.0.1:4567", "tcp:[::1]:0", "tcp:[fe80::1%eth0]:9", "tcp:h.example:80",
            "/tmp/a", "rel/a", "file:-", "file:tcp:1", "file:file:x"})
    void textParsesBackToTheSameEndpoint(String text) {
        Endpoint e = Endpoint.parse(text);
        assertEquals(text, e.text());
        assertEquals(e, Endpoint.parse(e.text()));
    }

    @Test
    void loopbackTcpTextNamesTheAddress() {
        assertEquals("tcp:127.0.0.1:4567", Endpoint.parse("tcp::4567").text());
        assertEquals("127.0.0.1:4567", Endpoint.Tcp.loopback(4567).hostPort());
        assertEquals("[::1]:80", new Endpoint.Tcp("::1", 80).hostPort());
        assertEquals(new Endpoint.Tcp("h", 9), new Endpoint.Tcp("h", 0).withPort(9));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"                       | invalid endpoint '': empty (use -, a file path, or tcp:HOST:PORT, tcp:[IPv6]:PORT, tcp::PORT or tcp:PORT)",
            "file:                    | invalid endpoint 'file:': no path after 'file:'",
            "tcp:                     | invalid endpoint 'tcp:': no port after 'tcp:' (forms: tcp:HOST:PORT, tcp:[IPv6]:PORT, tcp::PORT or tcp:PORT)",
            "tcp://h:1                | invalid endpoint 'tcp://h:1': no '//' after 'tcp:' (forms: tcp:HOST:PORT, tcp:[IPv6]:PORT, tcp::PORT or tcp:PORT)",
            "tcp:myhost               | invalid endpoint 'tcp:myhost': no port (write tcp:myhost:PORT)",
            "tcp:h:                   | invalid endpoint 'tcp:h:': no port after ':' (forms: tcp:HOST:PORT, tcp:[IPv6]:PORT, tcp::PORT or tcp:PORT)",
            "tcp::                    | invalid endpoint 'tcp::': no port after ':' (forms: tcp:HOST:PORT, tcp:[IPv6]:PORT, tcp::PORT or tcp:PORT)",
            "tcp:h:http               | invalid endpoint 'tcp:h:http': port 'http' is not a number",
            "tcp:h:-1                 | invalid endpoint 'tcp:h:-1': port '-1' is not a number",
            "tcp:h:65536              | invalid endpoint 'tcp:h:65536': port 65536 is outside 0..65535",
            "tcp:h:99999999999        | invalid endpoint 'tcp:h:99999999999': port 99999999999 is outside 0..65535",
            "tcp:::1:80               | invalid endpoint 'tcp:::1:80': an IPv6 address needs brackets: tcp:[::1]:80",
            "tcp:[::1                 | invalid endpoint 'tcp:[::1': no ']' closing the IPv6 address",
            "tcp:[::1]                | invalid endpoint 'tcp:[::1]': no ':PORT' after [::1]",
            "tcp:[::1]80              | invalid endpoint 'tcp:[::1]80': expected ':PORT' after [::1], found '80'",
            "tcp:[]:80                | invalid endpoint 'tcp:[]:80': empty IPv6 address in brackets",
            "tcp:[1.2.3.4]:80         | invalid endpoint 'tcp:[1.2.3.4]:80': '1.2.3.4' is not an IPv6 address (brackets are for IPv6 only)",
            "tcp:[1::2::3]:80         | invalid endpoint 'tcp:[1::2::3]:80': '1::2::3' is not an IPv6 address",
            "tcp:[fe80::1%]:80        | invalid endpoint 'tcp:[fe80::1%]:80': 'fe80::1%' has an invalid zone after '%'",
            "tcp:256.1.1.1:80         | invalid endpoint 'tcp:256.1.1.1:80': '256.1.1.1' is not an IPv4 address (each part is 0..255)",
            "tcp:1.2.3:80             | invalid endpoint 'tcp:1.2.3:80': '1.2.3' is not an IPv4 address (need four numbers a.b.c.d)",
            "tcp:01.2.3.4:80          | invalid endpoint 'tcp:01.2.3.4:80': '01.2.3.4' is not an IPv4 address (leading zero in '01' is ambiguous)",
            "tcp:my host:80           | invalid endpoint 'tcp:my host:80': 'my host' is not a host name or IPv4 address (character ' ')",
            "tcp:-bad.example:80      | invalid endpoint 'tcp:-bad.example:80': '-bad.example' is not a host name or IPv4 address",
            "tcp:a..b:80              | invalid endpoint 'tcp:a..b:80': 'a..b' is not a host name or IPv4 address",
    })
    void errorsAreOneLineNamingTheTextAndTheProblem(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aPathWithANulCharacterIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("a\0b"));
        assertEquals("invalid endpoint 'a\0b': not a usable file path: Nul character not allowed", e.getMessage());
    }

    @Test
    void recordsCheckTheirParts() {
        assertEquals("TCP port 70000 is outside 0..65535",
                assertThrows(IllegalArgumentException.class, () -> new Endpoint.Tcp("h", 70000)).getMessage());
        assertEquals("invalid TCP host: empty host",
                assertThrows(IllegalArgumentException.class, () -> new Endpoint.Tcp("", 1)).getMessage());
        assertEquals("a file endpoint needs a non-empty path",
                assertThrows(IllegalArgumentException.class, () -> new Endpoint.File(Path.of(""))).getMessage());
        assertInstanceOf(Endpoint.Tcp.class, new Endpoint.Tcp("::1", 1));
    }

    @Test
    void ipv6AddressesAreShortenedInMessages() {
        assertEquals("::1", Net.compressIpv6("0:0:0:0:0:0:0:1"));
        assertEquals("::", Net.compressIpv6("0:0:0:0:0:0:0:0"));
        assertEquals("2001:db8::7", Net.compressIpv6("2001:db8:0:0:0:0:0:7"));
        assertEquals("2001:0:1::", Net.compressIpv6("2001:0:1:0:0:0:0:0"));
        assertEquals("1:0:2:3:4:5:6:7", Net.compressIpv6("1:0:2:3:4:5:6:7"));
        assertEquals("fe80::1%2", Net.compressIpv6("fe80:0:0:0:0:0:0:1%2"));
        assertEquals("1::2:0:0:3", Net.compressIpv6("1:0:0:0:2:0:0:3"));
    }
}
