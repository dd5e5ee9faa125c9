package dev.milvusalias.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the operator's memory is, from {@code jcmd GC.heap_info} and {@code jcmd VM.metaspace}: the Java heap (all
 * generations) and metaspace, committed and used, in MB. The rest of the RSS is code cache, thread stacks, GC structures and native buffers.
 */
record HeapInfo(double heapCommittedMb, double heapUsedMb, double metaspaceCommittedMb, double metaspaceUsedMb) {

    // " def new generation   total 9792K, used 5297K [...]" (Java 17), "DefNew     total 116160K, used 31005K" (25),
    // " garbage-first heap   total 262144K, used 18543K [...]"; not the "eden space 8704K, 60% used" sub-lines.
    // Java 17 prints the Metaspace line in GC.heap_info, Java 25 in VM.metaspace only.
    private static final Pattern GENERATION = Pattern.compile(
            "(?m)^\\s*[A-Za-z][A-Za-z -]*?\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("(?m)^\\s*Metaspace\\s+used (\\d+)K, committed (\\d+)K");

    static HeapInfo parse(String heapInfo) {
        long committed = 0;
        long used = 0;
        Matcher g = GENERATION.matcher(heapInfo);
        while (g.find()) {
            committed += Long.parseLong(g.group(1));
            used += Long.parseLong(g.group(2));
        }
        Matcher m = METASPACE.matcher(heapInfo);
        boolean metaspace = m.find();
        return new HeapInfo(committed / 1024.0, used / 1024.0, metaspace ? Long.parseLong(m.group(2)) / 1024.0 : Double.NaN,
                metaspace ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN);
    }
}
