package dev.milvusalias.monitoring;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The series that README > Operate > Metrics lists, from the first column of its table. */
final class ReadmeMetrics {

    /** Series a histogram or timer adds to its name. */
    static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");

    private static final Pattern CODE = Pattern.compile("`([a-zA-Z_:][a-zA-Z0-9_:]*)`");

    private ReadmeMetrics() {
    }

    /** Names in the first cell of each row of the table under "### Metrics"; `_count` after a name extends it. */
    static Set<String> documented(String readme) {
        int start = readme.indexOf("\n### Metrics\n");
        int end = readme.indexOf("\n### ", start + 1);
        Set<String> names = new TreeSet<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            Matcher m = CODE.matcher(line.split("\\|")[1]);
            String base = null;
            while (m.find()) {
                String name = m.group(1);
                if (name.startsWith("_") && base != null) {
                    names.add(base + name);
                } else {
                    base = name;
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Documented as is, or as a histogram whose series this is. */
    static boolean isDocumented(String name, Set<String> documented) {
        return documented.contains(name) || HISTOGRAM_SUFFIXES.stream()
                .anyMatch(s -> name.endsWith(s) && documented.contains(name.substring(0, name.length() - s.length())));
    }
}
