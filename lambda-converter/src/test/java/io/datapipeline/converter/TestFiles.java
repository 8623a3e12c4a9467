package io.datapipeline.converter;

import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The datasets and schemas under src/test/resources/datasets. */
public final class TestFiles {
  private TestFiles() {}

  public static Path dataset(String name) {
    try {
      return Path.of(TestFiles.class.getResource("/datasets/" + name).toURI());
    } catch (Exception e) {
      throw new IllegalStateException("missing test resource datasets/" + name, e);
    }
  }

  public static Schema schema(String dataset) {
    try {
      return SchemaLoader.read(dataset(dataset + ".schema.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(String resource) {
    try (InputStream in = TestFiles.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
