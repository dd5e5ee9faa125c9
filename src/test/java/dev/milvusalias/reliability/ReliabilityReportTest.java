package dev.milvusalias.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.milvusalias.reliability.ReliabilityReport.Row;

class ReliabilityReportTest {

    @Test
    void rowsSurviveTheFileFormatTabsAndLineBreaksIncluded() {
        Row row = new Row("1. Milvus down", "during create", "stopped\tfor 4 s", "converges\nand no drop", "RPCs: 7", "pass");

        Row read = Row.parse(row.toTsv().strip());

        assertThat(read).isEqualTo(new Row("1. Milvus down", "during create", "stopped for 4 s", "converges and no drop",
                "RPCs: 7", "pass"));
    }

    @Test
    void rendersOneTablePerAreaSortedWithFailuresMarked(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.tsv"), new Row("2. Codes", "1601 on CreateAlias", "f", "i", "o", "pass").toTsv());
        Files.writeString(dir.resolve("a.tsv"), new Row("1. Down", "during switch", "a|b", "i", "o", "FAIL: late").toTsv());
        Files.writeString(dir.resolve("c.tsv"), new Row("1. Down", "during create", "f", "i", "converged: 1.2 s", "pass")
                .toTsv());
        Files.writeString(dir.resolve("ignored.txt"), "not a row");

        List<Row> rows = ReliabilityReport.read(dir);
        String md = ReliabilityReport.render(rows, "2030-01-01 00:00 UTC", 2);

        assertThat(rows).extracting(Row::scenario).containsExactly("during create", "during switch", "1601 on CreateAlias");
        assertThat(md).contains("3 scenarios, 1 FAILED")
                .contains("## 1. Down\n\n| scenario | fault | invariant | observed | result |")
                .contains("| during create | f | i | converged: 1.2 s | pass |")
                .contains("| during switch | a\\|b | i | o | **FAIL: late** |")
                .contains("## 2. Codes");
        assertThat(md.indexOf("## 1. Down")).isLessThan(md.indexOf("## 2. Codes"));
    }

    @Test
    void noRowsIsNothingToRender(@TempDir Path dir) throws IOException {
        assertThat(ReliabilityReport.read(dir.resolve("absent"))).isEmpty();
    }
}
