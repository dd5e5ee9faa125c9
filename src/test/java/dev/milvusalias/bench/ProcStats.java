package dev.milvusalias.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux says a process costs, from {@code /proc}: resident memory ({@code VmRSS}, peak {@code VmHWM}) and CPU
 * time ({@code utime + stime}, and {@code cutime + cstime} of the children it has waited for).
 */
final class ProcStats {

    /** USER_HZ: the unit of the CPU times in /proc/&lt;pid&gt;/stat; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** CPU seconds the process has used (user + system). */
    static double cpuSeconds(long pid) {
        String[] f = statFields(pid);
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /** CPU seconds of the children this process has reaped (a finished child JVM's whole life). */
    static double reapedChildrenCpuSeconds() {
        String[] f = statFields(ProcessHandle.current().pid());
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
    }

    static long rssBytes(long pid) {
        return statusKilobytes(pid, "VmRSS:") * 1024;
    }

    static long peakRssBytes(long pid) {
        return statusKilobytes(pid, "VmHWM:") * 1024;
    }

    /** The fields after "pid (comm) ", so index 0 is the state (field 3 in proc(5)), 11 utime, 12 stime. */
    private static String[] statFields(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    private static long statusKilobytes(long pid, String key) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException(key + " missing in /proc/" + pid + "/status");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
