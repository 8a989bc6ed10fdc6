import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * scripts/test's last lines, from surefire's JUnit reports (TEST-*.xml in the directories given and below):
 * the totals, one line per group of skipped tests (same reason) naming the classes, and the failed
 * tests. Run with the JDK's source launcher: java scripts/lib/TestSummary.java target/surefire-reports [more directories]
 * (a directory that does not exist holds no reports)
 */
public class TestSummary {
    public static void main(String[] args) throws Exception {
        int passed = 0;
        int skipped = 0;
        List<String> failed = new ArrayList<>();
        // reason -> class -> skipped tests
        Map<String, Map<String, Integer>> reasons = new LinkedHashMap<>();
        List<Path> reports = new ArrayList<>();
        for (String dir : args) {
            if (!Files.isDirectory(Path.of(dir))) {
                continue;
            }
            try (Stream<Path> files = Files.walk(Path.of(dir))) { // and its subdirectories (fuzz: the fuzzing execution's)
                reports.addAll(files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList());
            }
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        for (Path report : reports) {
            NodeList cases = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                String className = c.getAttribute("classname");
                String simpleName = className.substring(className.lastIndexOf('.') + 1);
                Element skip = first(c, "skipped");
                if (skip != null) {
                    skipped++;
                    String reason = reason(skip);
                    reasons.computeIfAbsent(reason.isEmpty() ? "(no reason given)" : reason, r -> new TreeMap<>())
                            .merge(simpleName, 1, Integer::sum);
                } else if (first(c, "failure") != null || first(c, "error") != null) {
                    failed.add(simpleName + "." + c.getAttribute("name"));
                } else {
                    passed++;
                }
            }
        }
        System.out.printf("tests: %d passed, %d failed, %d skipped%n", passed, failed.size(), skipped);
        for (Map.Entry<String, Map<String, Integer>> r : reasons.entrySet()) {
            int n = r.getValue().values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("- %d skipped (%s): %s%n", n, String.join(", ", r.getValue().keySet()), r.getKey());
        }
        for (String f : failed) {
            System.out.println("- failed: " + f);
        }
    }

    /** The message attribute, or else the first line of the body without the exception's class (an abort's stack trace). */
    private static String reason(Element skip) {
        String message = skip.getAttribute("message").strip();
        if (message.isEmpty()) {
            message = skip.getTextContent().strip().lines().findFirst().orElse("");
            if (message.startsWith(skip.getAttribute("type") + ": ")) {
                message = message.substring(skip.getAttribute("type").length() + 2);
            }
        }
        return message;
    }

    private static Element first(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }
}
