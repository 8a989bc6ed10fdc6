package io.livemig.migrate;

import io.livemig.stream.XlSaveHeader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The domain configuration a migration carries in its xl header (save_domain_core_writeconfig):
 * libxl's JSON ({@code libxl_domain_config}), which is what {@code xl migrate} sends, or a config
 * file in xl's own syntax, which xl's receiver parses as {@code xl create} would. The receiver
 * takes the domain's name from it (and creates {@code NAME--incoming} until the sender's go).
 *
 * @param text the configuration (for JSON without the NUL xl stores after it)
 * @param json libxl's JSON, else xl's config-file syntax
 */
public record DomainConfig(byte[] text, boolean json) {
    private static final Pattern XL_NAME = Pattern.compile("^\\s*name\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)')\\s*;?\\s*(?:#.*)?$",
            Pattern.MULTILINE);

    public DomainConfig {
        int n = text.length;
        while (json && n > 0 && text[n - 1] == 0) {
            n--;
        }
        text = java.util.Arrays.copyOf(text, n);
    }

    /** libxl's JSON config of a domain (what {@code xl migrate} sends). */
    public static DomainConfig libxlJson(byte[] json) {
        return new DomainConfig(json, true);
    }

    /** A config file in xl's syntax ({@code xl migrate -C FILE}); the receiver parses it. */
    public static DomainConfig xlConfigFile(byte[] text) {
        return new DomainConfig(text, false);
    }

    /** The config carried by a received xl header, or empty when it carries none. */
    public static Optional<DomainConfig> of(XlSaveHeader header) {
        if (header.config().length == 0) {
            return Optional.empty();
        }
        return Optional.of(new DomainConfig(header.config(), header.configIsJson()));
    }

    /**
     * A libxl JSON config for a simulated guest: its name, an HVM guest of this memory, so that a
     * receiver (livemig's, or xl's parser) names the incoming domain as the source.
     */
    public static DomainConfig simulated(String name, long memoryBytes) {
        Map<String, Object> cInfo = new LinkedHashMap<>();
        cInfo.put("type", "hvm");
        cInfo.put("name", name);
        Map<String, Object> bInfo = new LinkedHashMap<>();
        String kib = Long.toString(memoryBytes >> 10);
        bInfo.put("max_memkb", new LibxlJson.Number(kib));
        bInfo.put("target_memkb", new LibxlJson.Number(kib));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("c_info", cInfo);
        root.put("b_info", bInfo);
        return libxlJson(LibxlJson.write(root).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The config with {@code c_info.name} the domain's name now, as libxl_retrieve_domain_configuration
     * gives it to xl migrate: libxl stores the name the domain was created with, and a domain that
     * came in by migration was created as {@code NAME--incoming}, then renamed. A receiver names
     * its copy after this. Unchanged when it already is so.
     *
     * @throws IllegalArgumentException when this is not a JSON config, or not JSON, or has no c_info object
     */
    public DomainConfig withName(String name) {
        Object root = jsonRoot("the name of an xl config file is the file's");
        Map<String, Object> info = cInfo(root);
        if (name.equals(info.get("name"))) {
            return this;
        }
        info.put("name", name); // in its place when it was there; libxl's readers take any order
        return libxlJson(LibxlJson.write(root).getBytes(StandardCharsets.UTF_8));
    }

    /** The parsed JSON; {@code notJson} is the error for an xl config file. */
    private Object jsonRoot(String notJson) {
        if (!json) {
            throw new IllegalArgumentException(notJson);
        }
        return LibxlJson.parse(asText());
    }

    /** The c_info object of a parsed config, to change in place. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> cInfo(Object root) {
        if (!(root instanceof Map<?, ?> members) || !(members.get("c_info") instanceof Map<?, ?> cInfo)) {
            throw new IllegalArgumentException("the config has no c_info object");
        }
        return (Map<String, Object>) cInfo;
    }

    /**
     * The config with {@code c_info.domid} as save_domain_core_begin leaves it: the domain's domid
     * with {@code xl migrate -D} (the receiver then asks for the same domid), else none (0, which
     * libxl leaves out of its JSON). Unchanged when it already is so.
     *
     * @throws IllegalArgumentException when this is not a JSON config, or not JSON, or has no c_info object
     */
    public DomainConfig withDomid(int domid) {
        Object root = jsonRoot("the domid of an xl config file is the receiver's to choose");
        Map<String, Object> info = cInfo(root);
        Object now = info.get("domid");
        boolean same = domid == 0 ? now == null : now instanceof LibxlJson.Number n && n.text().equals(Integer.toString(domid));
        if (same) {
            return this;
        }
        if (domid == 0) {
            info.remove("domid");
        } else {
            // c_info's first members are type and name; the domid goes where libxl writes it, after type
            Map<String, Object> rebuilt = new LinkedHashMap<>();
            info.forEach((k, v) -> {
                if (!k.equals("domid")) {
                    rebuilt.put(k, v);
                }
                if (k.equals("type")) {
                    rebuilt.put("domid", new LibxlJson.Number(Integer.toString(domid)));
                }
            });
            rebuilt.putIfAbsent("domid", new LibxlJson.Number(Integer.toString(domid)));
            info.clear();
            info.putAll(rebuilt);
        }
        return libxlJson(LibxlJson.write(root).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The domain's name: {@code c_info.name} of a JSON config, the {@code name = "..."} setting of
     * an xl config file; empty when it has none (or is not readable).
     */
    public Optional<String> name() {
        if (json) {
            try {
                if (LibxlJson.parse(asText()) instanceof Map<?, ?> root && root.get("c_info") instanceof Map<?, ?> info
                        && info.get("name") instanceof String name && !name.isEmpty()) {
                    return Optional.of(name);
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            return Optional.empty();
        }
        Matcher m = XL_NAME.matcher(asText());
        if (!m.find()) {
            return Optional.empty();
        }
        String name = m.group(1) != null ? m.group(1).replaceAll("\\\\(.)", "$1") : m.group(2);
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /** The xl header that carries this config (JSON with its NUL, as xl writes it). */
    public XlSaveHeader header() {
        return XlSaveHeader.forConfig(text, json);
    }

    public String asText() {
        return new String(text, StandardCharsets.UTF_8);
    }

    /** "libxl JSON, 812 bytes" */
    public String describe() {
        return (json ? "libxl JSON" : "xl config file") + ", " + text.length + " bytes";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainConfig c && c.json == json && java.util.Arrays.equals(c.text, text);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(text) * 31 + Boolean.hashCode(json);
    }

    @Override
    public String toString() {
        return "DomainConfig[" + describe() + "]";
    }
}
