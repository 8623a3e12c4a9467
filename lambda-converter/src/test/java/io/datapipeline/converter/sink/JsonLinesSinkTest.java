package io.datapipeline.converter.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Sinks;
import io.datapipeline.converter.schema.SchemaLoader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSinkTest {

  @TempDir Path dir;

  @Test
  void writesEveryCharacterAsValidUtf8Json() throws Exception {
    var schema =
        SchemaLoader.parse(
            "{\"primaryKey\": [\"id\"], \"columns\": [{\"name\": \"id\", \"type\": \"int64\","
                + " \"nullable\": false}, {\"name\": \"text\", \"type\": \"string\"},"
                + " {\"name\": \"x\", \"type\": \"float64\"}]}");
    String[] texts = {
      "Z\u00fcrich \u20ac \uD83D\uDE00",
      "say \"hi\"\\",
      "two\nlines\ttab",
      "bell\u0001",
      "x".repeat(70_000)
    };
    StringBuilder csv = new StringBuilder("id,text,x\n");
    for (int i = 0; i < texts.length; i++) {
      csv.append(i)
          .append(",\"")
          .append(texts[i].replace("\"", "\"\""))
          .append("\",")
          .append(-i * 1.5)
          .append('\n');
    }
    csv.append("9,,\n");
    Path out = dir.resolve("out.jsonl");
    List<RowSink> sinks = List.of(new JsonLinesSink(schema, new FileOutput(out)));
    CsvRejectSink rejects = new CsvRejectSink(() -> new FileOutput(dir.resolve("r.csv")));
    new CsvConverter(schema)
        .convert(
            new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
            sinks,
            rejects);
    Sinks.finishAll(sinks, rejects);

    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(texts.length + 1);
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < texts.length; i++) {
      JsonNode node = mapper.readTree(lines.get(i));
      assertThat(node.get("id").asLong()).isEqualTo(i);
      assertThat(node.get("text").asText()).isEqualTo(texts[i]);
      assertThat(node.get("x").asDouble()).isEqualTo(-i * 1.5);
    }
    assertThat(lines.get(texts.length)).isEqualTo("{\"id\":9,\"text\":null,\"x\":null}");
  }
}
