package io.livemig.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.stream.StreamReader;
import io.livemig.stream.XlSaveHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The config a migration carries: the name a receiver reads from libxl's JSON (here the one a
 * stock xl migrate sent in the lab) or from an xl config file, -D's domid, a simulated guest's config.
 */
class DomainConfigTest {
    /** The config in the xl header of a live xl migrate captured in the lab. */
    private static DomainConfig fromXen() throws IOException {
        try (InputStream in = new GZIPInputStream(DomainConfigTest.class.getResourceAsStream("/xen-streams/xl-migrate-pvh.xl.gz"))) {
            StreamReader reader = new StreamReader(Channels.newChannel(in), StreamReader.NO_PFN_LIMIT, false);
            reader.open();
            XlSaveHeader header = reader.xlHeader();
            assertNotNull(header);
            return DomainConfig.of(header).orElseThrow();
        }
    }

    @Test
    void theNameOfTheDomainXlSent() throws IOException {
        DomainConfig xen = fromXen();
        assertTrue(xen.json());
        assertEquals(Optional.of("livemig-pvh"), xen.name());
        assertEquals(0, xen.text()[xen.text().length - 1] == 0 ? 1 : 0, "the NUL xl stores is not part of the text");
    }

    @Test
    void theDomidOfMinusDGoesIntoCInfoAndWithoutItNoneIsThere() throws IOException {
        DomainConfig xen = fromXen();
        assertSame(xen, xen.withDomid(0), "xl's config has no domid (0 is left out): unchanged, byte for byte");
        DomainConfig kept = xen.withDomid(7);
        Map<?, ?> root = (Map<?, ?>) LibxlJson.parse(kept.asText());
        Map<?, ?> cInfo = (Map<?, ?>) root.get("c_info");
        assertEquals(new LibxlJson.Number("7"), cInfo.get("domid"));
        assertEquals(List.of("type", "domid", "name", "uuid", "run_hotplug_scripts"), List.copyOf(cInfo.keySet()));
        assertEquals(Optional.of("livemig-pvh"), kept.name());
        // everything else is as it was
        Map<?, ?> original = (Map<?, ?>) LibxlJson.parse(xen.asText());
        assertEquals(original.get("b_info"), root.get("b_info"));
        assertEquals(original.keySet(), root.keySet());
        DomainConfig back = kept.withDomid(0);
        assertEquals(LibxlJson.parse(xen.asText()), LibxlJson.parse(back.asText()));
        assertFalse(back.asText().contains("\"domid\""));
        assertSame(kept, kept.withDomid(7));
    }

    @Test
    void theNameIsTheDomainsNameNowAsLibxlRetrievesIt() throws IOException {
        // a domain that came in by migration: libxl stored the name it was created with
        DomainConfig xen = fromXen();
        DomainConfig stored = xen.withName("livemig-pvh--incoming");
        assertEquals(Optional.of("livemig-pvh--incoming"), stored.name());
        DomainConfig now = stored.withName("livemig-pvh");
        assertEquals(Optional.of("livemig-pvh"), now.name());
        assertEquals(LibxlJson.parse(xen.asText()), LibxlJson.parse(now.asText()), "nothing else changes");
        Map<?, ?> cInfo = (Map<?, ?>) ((Map<?, ?>) LibxlJson.parse(now.asText())).get("c_info");
        assertEquals(List.of("type", "name", "uuid", "run_hotplug_scripts"), List.copyOf(cInfo.keySet()), "in its place");
        assertSame(xen, xen.withName("livemig-pvh"), "already so: unchanged, byte for byte");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> xl("name = \"web1\"\n").withName("x"));
        assertEquals("the name of an xl config file is the file's", e.getMessage());
    }

    @Test
    void theHeaderCarriesTheJsonWithItsNulAsXlWritesIt() throws IOException {
        DomainConfig xen = fromXen();
        XlSaveHeader header = xen.header();
        assertEquals(XlSaveHeader.FLAG_JSON | XlSaveHeader.FLAG_STREAM_V2, header.mandatoryFlags());
        assertEquals(xen.text().length + 1, header.config().length);
        assertEquals(0, header.config()[header.config().length - 1]);
        assertEquals(xen, DomainConfig.of(header).orElseThrow());
    }

    @Test
    void theNameOfAnXlConfigFile() {
        assertEquals(Optional.of("web1"), xl("# a guest\nname = \"web1\"\nmemory = 1024\n").name());
        assertEquals(Optional.of("db"), xl("type='pvh'\n  name='db' # the database\n").name());
        assertEquals(Optional.of("a\"b"), xl("name=\"a\\\"b\";\n").name());
        assertEquals(Optional.empty(), xl("# name = \"commented\"\nmemory = 512\n").name());
        assertEquals(Optional.empty(), xl("hostname = \"x\"\n").name());
        DomainConfig file = xl("name = \"web1\"\n");
        assertFalse(file.json());
        assertEquals(XlSaveHeader.FLAG_STREAM_V2, file.header().mandatoryFlags(), "xl syntax: no JSON flag");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> file.withDomid(3));
        assertEquals("the domid of an xl config file is the receiver's to choose", e.getMessage());
    }

    @Test
    void aSimulatedGuestsConfigNamesItForTheReceiver() {
        DomainConfig sim = DomainConfig.simulated("guest1", 64L << 20);
        assertTrue(sim.json());
        assertEquals(Optional.of("guest1"), sim.name());
        Map<?, ?> bInfo = (Map<?, ?>) ((Map<?, ?>) LibxlJson.parse(sim.asText())).get("b_info");
        assertEquals(new LibxlJson.Number("65536"), bInfo.get("max_memkb"));
        assertEquals("{\n    \"c_info\": {\n        \"type\": \"hvm\",\n        \"name\": \"guest1\"\n    },\n"
                + "    \"b_info\": {\n        \"max_memkb\": 65536,\n        \"target_memkb\": 65536\n    }\n}\n", sim.asText());
    }

    @Test
    void jsonThatIsNotIsOneLineNamingTheOffset() {
        DomainConfig broken = DomainConfig.libxlJson("{\"c_info\": {\"name\": \"x\",}}".getBytes(StandardCharsets.UTF_8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> broken.withDomid(4));
        assertEquals("not JSON: expected a member name in quotes at offset 24", e.getMessage());
        assertEquals(Optional.empty(), broken.name());
        IllegalArgumentException noInfo = assertThrows(IllegalArgumentException.class,
                () -> DomainConfig.libxlJson("{\"b_info\": {}}".getBytes(StandardCharsets.UTF_8)).withDomid(4));
        assertEquals("the config has no c_info object", noInfo.getMessage());
    }

    @Test
    void jsonValuesRoundTrip() {
        String text = "{\"a\": [1, -2.5e3, true, false, null, \"t\\u00e9\\n\\\"x\\\"\"], \"b\": {}, \"c\": [], \"big\": 18446744073709551615}";
        Object parsed = LibxlJson.parse(text);
        assertEquals(parsed, LibxlJson.parse(LibxlJson.write(parsed)));
        Map<?, ?> m = (Map<?, ?>) parsed;
        assertEquals(new LibxlJson.Number("18446744073709551615"), m.get("big"));
        assertEquals("té\n\"x\"", ((List<?>) m.get("a")).get(5));
        assertThrows(IllegalArgumentException.class, () -> LibxlJson.parse("{\"a\": 1} x"));
        assertThrows(IllegalArgumentException.class, () -> LibxlJson.parse("{\"a\": 01}"));
        assertThrows(IllegalArgumentException.class, () -> LibxlJson.parse("{\"a\": 1, \"a\": 2}"));
        assertThrows(IllegalArgumentException.class, () -> LibxlJson.parse("[".repeat(100) + "]".repeat(100)));
        assertEquals(Map.of(), LibxlJson.parse("{}\n\0"));
    }

    private static DomainConfig xl(String text) {
        return DomainConfig.xlConfigFile(text.getBytes(StandardCharsets.UTF_8));
    }
}
