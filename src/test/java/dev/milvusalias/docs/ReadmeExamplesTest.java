package dev.milvusalias.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Every YAML block the README marks as an example must be the file under examples/, verbatim. */
class ReadmeExamplesTest {

    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\S+) -->\\n```yaml\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void readmeExamplesAreTheRealFiles() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = EXAMPLE.matcher(readme);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            Path file = Path.of(m.group(1));
            assertThat(file).as("README refers to %s", file).exists();
            assertThat(m.group(2)).as("README copy of %s", file).isEqualTo(Files.readString(file));
            checked.add(file.toString());
        }
        assertThat(checked).contains("examples/products-alias.yaml", "examples/products-v2.yaml",
                "examples/milvus-connection.yaml");
    }
}
