package dev.milvusalias.emulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Milvus server version ("v2.6.4", "2.5.15"), used to switch version-dependent behaviour. */
record MilvusVersion(int major, int minor, int patch) implements Comparable<MilvusVersion> {

    private static final Pattern FORMAT = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*$");
    /** Assumed when the configured version string cannot be parsed. */
    static final MilvusVersion LATEST = new MilvusVersion(2, 6, Integer.MAX_VALUE);

    static MilvusVersion parse(String version) {
        Matcher m = FORMAT.matcher(version == null ? "" : version.trim());
        if (!m.matches()) {
            return LATEST;
        }
        return new MilvusVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    boolean atLeast(int major, int minor, int patch) {
        return compareTo(new MilvusVersion(major, minor, patch)) >= 0;
    }

    /** DescribeAlias and ListAliases exist from 2.3.5 on. */
    boolean hasDescribeAndListAliases() {
        return atLeast(2, 3, 5);
    }

    /** From 2.5.15 / 2.6.0 DropAlias with an invalid name is a no-op success instead of 1100. */
    boolean dropAliasIgnoresInvalidName() {
        return atLeast(2, 5, 15);
    }

    /** DropCollection refuses a collection that still has aliases from 2.4.23, 2.5.5 and 2.6. */
    boolean dropCollectionRefusesAliased() {
        if (atLeast(2, 5, 0)) {
            return atLeast(2, 5, 5);
        }
        return atLeast(2, 4, 23);
    }

    /** DescribeIndex fills min/max_index_version from 2.5.12 on. */
    boolean reportsIndexVersions() {
        return atLeast(2, 5, 12);
    }

    @Override
    public int compareTo(MilvusVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }
}
