package io.livemig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.engine.SaveEngine;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module's declaration is the API's outline (API.md): what it exports and what it requires. */
class ModuleTest {
    private static final ModuleDescriptor MODULE = SaveEngine.class.getModule().getDescriptor();

    @Test
    void exportsWhatAHostUsesAndNothingElse() {
        Set<String> exported = MODULE.exports().stream()
                .peek(e -> assertTrue(e.targets().isEmpty(), () -> "qualified export " + e))
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("io.livemig.policy", "io.livemig.engine", "io.livemig.backend", "io.livemig.backend.sim",
                "io.livemig.backend.xen", "io.livemig.stream", "io.livemig.transport"), exported);
        assertTrue(MODULE.packages().containsAll(Set.of("io.livemig.backend.xen.bindings", "io.livemig.cli",
                "io.livemig.migrate", "io.livemig.posix", "io.livemig.util")), "the internal packages are in the module");
    }

    @Test
    void picocliIsOptionalAndNothingIsRequiredTransitively() {
        Map<String, Set<Requires.Modifier>> requires = new TreeMap<>();
        for (Requires r : MODULE.requires()) {
            requires.put(r.name(), r.modifiers());
        }
        assertEquals(Set.of(Requires.Modifier.STATIC), requires.get("info.picocli"), "picocli: requires static");
        assertEquals(Set.of(), requires.get("org.apache.logging.log4j"));
        assertEquals(Set.of(), requires.get("com.google.gson"));
        assertEquals(Set.of("java.base", "info.picocli", "org.apache.logging.log4j", "com.google.gson", "jdk.unsupported"),
                requires.keySet(), "what a host must put on its module path");
        assertTrue(MODULE.opens().stream().allMatch(o -> o.targets().equals(Set.of("info.picocli"))),
                "only the CLI's package is opened, and only to picocli: " + MODULE.opens());
    }
}
