package io.livemig.backend.xen;

import io.livemig.posix.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.xen.bindings.xenctrl_h;
import io.livemig.backend.xen.bindings.xenforeignmemory_h;
import io.livemig.backend.xen.bindings.xenguest_h;
import io.livemig.backend.xen.bindings.xenstore_h;
import io.livemig.backend.xen.bindings.xentoollog_h;
import io.livemig.stream.HvmParam;
import io.livemig.stream.PageType;
import io.livemig.stream.StaticState;
import io.livemig.testing.RequiredTool;
import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written bindings against the installed Xen 4.17 headers: a C probe
 * (src/test/c/xen_layout_probe.c), compiled here with gcc, prints the size and alignment of every
 * struct the bindings lay out, every field's offset and size, every constant's value, every
 * function's parameter and return kinds and every errno name and text; each is compared with the
 * Java side, and the sets must match both ways (nothing bound without being probed, nothing probed
 * without being bound). Looking at the functions' descriptors also resolves their symbols, so the
 * installed libraries are loaded into this JVM and each bound symbol must be exported by them.
 */
class XenLayoutTest {
    private static final String PACKAGE = "io.livemig.backend.xen.bindings";
    private static final Path BINDINGS = Path.of("src/main/java/io/livemig/backend/xen/bindings");
    private static final List<Class<?>> HEADERS = List.of(xenctrl_h.class, xenguest_h.class, xenforeignmemory_h.class,
            xentoollog_h.class, xenstore_h.class);

    /** struct name -> "SIZE ALIGN"; "struct.field" -> "OFFSET SIZE"; and so on for each kind of line. */
    private static final Map<String, String> STRUCTS = new TreeMap<>();
    private static final Map<String, String> FIELDS = new TreeMap<>();
    private static final Map<String, String> TYPEDEFS = new TreeMap<>();
    private static final Map<String, Long> CONSTANTS = new TreeMap<>();
    private static final Map<String, String> FUNCTIONS = new TreeMap<>();
    private static final Map<String, String> VARIABLES = new TreeMap<>();
    private static final Map<Integer, String[]> ERRNOS = new TreeMap<>();

    @BeforeAll
    static void runProbe() throws IOException, InterruptedException {
        RequiredTool.require(RequiredTool.GCC, RequiredTool.LIBC_DEV, RequiredTool.XEN_DEV);
        Path gcc = RequiredTool.GCC.path();
        Path dir = Path.of("target", "xen-layout-probe");
        Files.createDirectories(dir);
        Path probe = dir.resolve("probe");
        run(List.of(gcc.toString(), "-std=gnu11", "-Wall", "-Werror", "-I", "native-headers", "-o", probe.toString(),
                "src/test/c/xen_layout_probe.c"), dir.resolve("gcc.log"));
        Path output = dir.resolve("probe.txt");
        run(List.of(probe.toString()), output);
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            String[] w = line.split(" ", 3);
            switch (w[0]) {
                case "struct" -> STRUCTS.put(w[1], w[2]);
                case "field" -> FIELDS.put(w[1], w[2]);
                case "typedef" -> TYPEDEFS.put(w[1], w[2]);
                case "constant" -> CONSTANTS.put(w[1], Long.parseLong(w[2]));
                case "function" -> FUNCTIONS.put(w[1], w[2]);
                case "variable" -> VARIABLES.put(w[1], w[2]);
                case "errno" -> {
                    String[] nameText = w[2].split(" ", 2);
                    ERRNOS.put(Integer.parseInt(w[1]), nameText);
                }
                default -> throw new AssertionError("unexpected probe line: " + line);
            }
        }
        assertTrue(STRUCTS.size() >= 6 && CONSTANTS.size() >= 60 && FUNCTIONS.size() >= 30 && ERRNOS.size() >= 130,
                "the probe printed too little: " + output);
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + read(log));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    // ---- structs

    /** Classes of the bindings package that lay out a struct (a private static final GroupLayout $LAYOUT). */
    private static List<Class<?>> structClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(BINDINGS)) {
            for (Path f : files.sorted().toList()) {
                if (Files.readString(f).contains("GroupLayout $LAYOUT = MemoryLayout.structLayout(")) {
                    String name = f.getFileName().toString().replace(".java", "");
                    classes.add(Class.forName(PACKAGE + "." + name));
                }
            }
        }
        return classes;
    }

    private static GroupLayout layoutOf(Class<?> struct) throws ReflectiveOperationException {
        return (GroupLayout) struct.getMethod("layout").invoke(null);
    }

    @Test
    void everyStructHasTheSizeAndAlignmentOfTheC() throws Exception {
        Set<String> bound = new TreeSet<>();
        for (Class<?> c : structClasses()) {
            GroupLayout layout = layoutOf(c);
            String name = layout.name().orElseThrow();
            assertEquals(c.getSimpleName(), name, "layout name of " + c);
            bound.add(name);
            assertEquals(STRUCTS.get(name), layout.byteSize() + " " + layout.byteAlignment(), "size and alignment of struct " + name);
            assertEquals(layout.byteSize(), (long) c.getMethod("sizeof").invoke(null), name + ".sizeof()");
        }
        assertEquals(STRUCTS.keySet(), bound, "structs probed vs structs bound");
    }

    @Test
    void everyFieldHasTheOffsetAndSizeOfTheC() throws Exception {
        Set<String> bound = new TreeSet<>();
        for (Class<?> c : structClasses()) {
            GroupLayout layout = layoutOf(c);
            String struct = layout.name().orElseThrow();
            for (MemoryLayout member : layout.memberLayouts()) {
                if (member instanceof PaddingLayout) {
                    continue;
                }
                String field = member.name().orElseThrow(() -> new AssertionError("unnamed member in " + struct));
                String key = struct + "." + field;
                bound.add(key);
                long offset = layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
                assertEquals(FIELDS.get(key), offset + " " + member.byteSize(), "offset and size of " + key);
                assertEquals(offset, (long) c.getMethod(field + "$offset").invoke(null), key + "$offset()");
                assertEquals(member, c.getMethod(field + "$layout").invoke(null), key + "$layout()");
            }
        }
        assertEquals(FIELDS.keySet(), bound, "fields probed vs fields bound");
    }

    @Test
    void typedefsMatch() throws Exception {
        Set<String> bound = new TreeSet<>();
        for (Class<?> h : HEADERS) {
            for (Field f : h.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers()) && Modifier.isStatic(f.getModifiers()) && !f.getName().startsWith("C_")
                        && MemoryLayout.class.isAssignableFrom(f.getType())) {
                    MemoryLayout layout = (MemoryLayout) f.get(null);
                    String kind = layout instanceof SequenceLayout s ? "[" + s.elementCount() + "]" : kind(layout);
                    assertEquals(TYPEDEFS.get(f.getName()), layout.byteSize() + " " + kind, "typedef " + f.getName());
                    bound.add(f.getName());
                }
            }
        }
        try (Stream<Path> files = Files.list(BINDINGS)) {
            for (Path file : files.toList()) {
                Class<?> c = Class.forName(PACKAGE + "." + file.getFileName().toString().replace(".java", ""));
                if (c.getSuperclass() != Object.class && !Throwable.class.isAssignableFrom(c)) {
                    Class<?> struct = c;
                    while (struct.getSuperclass() != Object.class) {
                        struct = struct.getSuperclass();
                    }
                    assertEquals(TYPEDEFS.get(c.getSimpleName()), layoutOf(struct).byteSize() + " struct:" + struct.getSimpleName(),
                            "typedef " + c.getSimpleName());
                    bound.add(c.getSimpleName());
                }
            }
        }
        assertEquals(TYPEDEFS.keySet(), bound, "typedefs probed vs typedefs bound");
    }

    // ---- constants

    @Test
    void everyConstantHasTheValueOfTheC() throws Exception {
        Set<String> bound = new TreeSet<>();
        for (Class<?> h : HEADERS) {
            for (Method m : h.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0
                        || (m.getReturnType() != int.class && m.getReturnType() != long.class)) {
                    continue;
                }
                String name = m.getName();
                assertTrue(bound.add(name), name + " bound twice");
                Long c = CONSTANTS.get(name);
                assertNotNull(c, name + " is bound but not probed");
                if (m.getReturnType() == int.class) {
                    assertEquals(c.intValue(), (int) m.invoke(null), name);
                    assertTrue(c >= Integer.MIN_VALUE && c <= 0xFFFF_FFFFL, name + " = " + c + " does not fit the int it is bound as");
                } else {
                    assertEquals(c.longValue(), (long) m.invoke(null), name);
                }
            }
        }
        assertEquals(CONSTANTS.keySet(), bound, "constants probed vs constants bound");
    }

    @Test
    void theStreamPackageAgreesWithTheHeaders() {
        for (int index : HvmParam.SAVED_BY_XEN) {
            assertTrue(CONSTANTS.containsValue((long) index), "HVM param " + index);
        }
        assertEquals(CONSTANTS.get("HVM_PARAM_STORE_PFN"), (long) HvmParam.STORE_PFN);
        assertEquals(CONSTANTS.get("HVM_PARAM_IOREQ_PFN"), (long) HvmParam.IOREQ_PFN);
        assertEquals(CONSTANTS.get("HVM_PARAM_BUFIOREQ_PFN"), (long) HvmParam.BUFIOREQ_PFN);
        assertEquals(CONSTANTS.get("HVM_PARAM_VIRIDIAN"), (long) HvmParam.VIRIDIAN);
        assertEquals(CONSTANTS.get("HVM_PARAM_IDENT_PT"), (long) HvmParam.IDENT_PT);
        assertEquals(CONSTANTS.get("HVM_PARAM_CONSOLE_PFN"), (long) HvmParam.CONSOLE_PFN);
        assertEquals(CONSTANTS.get("HVM_PARAM_ACPI_IOPORTS_LOCATION"), (long) HvmParam.ACPI_IOPORTS_LOCATION);
        assertEquals(CONSTANTS.get("HVM_PARAM_PAGING_RING_PFN"), (long) HvmParam.PAGING_RING_PFN);
        assertEquals(CONSTANTS.get("HVM_PARAM_MONITOR_RING_PFN"), (long) HvmParam.MONITOR_RING_PFN);
        assertEquals(CONSTANTS.get("HVM_PARAM_SHARING_RING_PFN"), (long) HvmParam.SHARING_RING_PFN);
        assertEquals(CONSTANTS.get("HVM_PARAM_IOREQ_SERVER_PFN"), (long) HvmParam.IOREQ_SERVER_PFN);
        assertEquals(CONSTANTS.get("HVM_PARAM_NR_IOREQ_SERVER_PAGES"), (long) HvmParam.NR_IOREQ_SERVER_PAGES);
        assertEquals(CONSTANTS.get("HVM_PARAM_VM_GENERATION_ID_ADDR"), (long) HvmParam.VM_GENERATION_ID_ADDR);
        assertEquals(CONSTANTS.get("HVM_PARAM_X87_FIP_WIDTH"), (long) HvmParam.X87_FIP_WIDTH);
        assertEquals(CONSTANTS.get("HVM_PARAM_VM86_TSS_SIZED"), (long) HvmParam.VM86_TSS_SIZED);
        assertEquals(CONSTANTS.get("HVM_PARAM_MCA_CAP"), (long) HvmParam.MCA_CAP);

        int shift = CONSTANTS.get("XEN_DOMCTL_PFINFO_LTAB_SHIFT").intValue();
        assertEquals(CONSTANTS.get("XEN_DOMCTL_PFINFO_NOTAB") >>> shift, PageType.NOTAB);
        assertEquals(CONSTANTS.get("XEN_DOMCTL_PFINFO_L1TAB") >>> shift, PageType.L1TAB);
        assertEquals(CONSTANTS.get("XEN_DOMCTL_PFINFO_L4TAB") >>> shift, PageType.L4TAB);
        assertEquals(CONSTANTS.get("XEN_DOMCTL_PFINFO_LPINTAB") >>> shift, PageType.LPINTAB);
        assertEquals(CONSTANTS.get("XEN_DOMCTL_PFINFO_BROKEN") >>> shift, PageType.BROKEN);
        assertEquals(CONSTANTS.get("XEN_DOMCTL_PFINFO_XALLOC") >>> shift, PageType.XALLOC);
        assertEquals(CONSTANTS.get("XEN_DOMCTL_PFINFO_XTAB") >>> shift, PageType.XTAB);

        assertEquals(STRUCTS.get("xen_cpuid_leaf").split(" ")[0], String.valueOf(StaticState.CPUID_ENTRY_SIZE));
        assertEquals(STRUCTS.get("xen_msr_entry").split(" ")[0], String.valueOf(StaticState.MSR_ENTRY_SIZE));
        assertEquals(CONSTANTS.get("XC_PAGE_SHIFT"), (long) MappedPageViews.PAGE_SHIFT);
    }

    /** What the CPU throttle (XenCpuThrottle) reads and writes, spelled out: Xen 4.17's layouts. */
    @Test
    void theThrottlesStructsHaveXen417sLayout() {
        for (String struct : List.of("xen_domctl_sched_credit", "xen_domctl_sched_credit2")) {
            assertEquals("4 2", STRUCTS.get(struct), struct);
            assertEquals("0 2", FIELDS.get(struct + ".weight"), struct + ".weight");
            assertEquals("2 2", FIELDS.get(struct + ".cap"), struct + ".cap");
        }
        assertEquals("24 8", STRUCTS.get("xc_cpupoolinfo"));
        assertEquals("0 4", FIELDS.get("xc_cpupoolinfo.cpupool_id"));
        assertEquals("4 4", FIELDS.get("xc_cpupoolinfo.sched_id"));
        assertEquals("92 4", FIELDS.get("xen_domctl_getdomaininfo.cpupool"));
        assertEquals(5L, CONSTANTS.get("XEN_SCHEDULER_CREDIT"));
        assertEquals(6L, CONSTANTS.get("XEN_SCHEDULER_CREDIT2"));
    }

    // ---- functions

    @Test
    void everyFunctionHasTheSignatureOfTheC() throws Exception {
        Set<String> bound = new TreeSet<>();
        for (Class<?> h : HEADERS) {
            for (Method m : h.getDeclaredMethods()) {
                if (!m.getName().endsWith("$descriptor") || m.getParameterCount() != 0) {
                    continue;
                }
                String name = m.getName().substring(0, m.getName().length() - "$descriptor".length());
                FunctionDescriptor d = (FunctionDescriptor) m.invoke(null);
                StringBuilder params = new StringBuilder();
                for (MemoryLayout p : d.argumentLayouts()) {
                    params.append(kind(p));
                }
                String signature = d.returnLayout().map(XenLayoutTest::kind).orElse("V") + " " + (params.isEmpty() ? "-" : params);
                assertEquals(FUNCTIONS.get(name), signature, "kinds of " + name + "'s return value and parameters");
                MemorySegment address = (MemorySegment) h.getMethod(name + "$address").invoke(null);
                assertTrue(address.address() != 0, name + " resolves to NULL");
                bound.add(name);
            }
        }
        assertEquals(FUNCTIONS.keySet(), bound, "functions probed vs functions bound");
    }

    @Test
    void variablesMatch() {
        assertEquals(VARIABLES.get("stderr"), kind(xentoollog_h.stderr$layout()));
        assertEquals(Set.of("stderr"), VARIABLES.keySet());
    }

    private static String kind(MemoryLayout layout) {
        if (layout instanceof AddressLayout) {
            return "A";
        }
        if (layout instanceof ValueLayout v) {
            Class<?> c = v.carrier();
            if (c == int.class) {
                return "I";
            }
            if (c == long.class) {
                return "J";
            }
            if (c == short.class) {
                return "S";
            }
            if (c == byte.class) {
                return "B";
            }
            if (c == boolean.class) {
                return "Z";
            }
        }
        return "?" + layout;
    }

    // ---- errno

    @Test
    void errnoNamesAndTextsAreThoseOfTheCLibrary() {
        for (Map.Entry<Integer, String[]> e : ERRNOS.entrySet()) {
            int errno = e.getKey();
            assertEquals(e.getValue()[0], Errno.name(errno), "name of errno " + errno);
            assertEquals(e.getValue()[1], Errno.text(errno), "text of errno " + errno);
        }
        for (int errno = 1; errno <= Errno.max(); errno++) {
            if (!Errno.name(errno).startsWith("errno ")) {
                assertTrue(ERRNOS.containsKey(errno), "errno " + errno + " is in the table but not in the C headers");
            }
        }
        assertEquals(Errno.max(), ERRNOS.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow());
    }
}
