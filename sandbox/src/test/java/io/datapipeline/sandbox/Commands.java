package io.datapipeline.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool (kubectl, aws) to completion, for tests. */
final class Commands {

  private Commands() {}

  static Kubectl.Result run(List<String> command, int timeoutSeconds) {
    return run(command, Map.of(), timeoutSeconds);
  }

  static Kubectl.Result run(List<String> command, Map<String, String> env, int timeoutSeconds) {
    try {
      Path out = Files.createTempFile("cmd-", ".out");
      Path err = Files.createTempFile("cmd-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
      }
      Kubectl.Result result =
          new Kubectl.Result(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
