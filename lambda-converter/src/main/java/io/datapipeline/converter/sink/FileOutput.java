package io.datapipeline.converter.sink;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A local file written beside its target and moved into place on close (the CLI's outputs). */
public final class FileOutput extends Output {
  private final Path target;
  private final Path temporary;
  private final OutputStream out;
  private boolean done;

  public FileOutput(Path target) throws IOException {
    this.target = target.toAbsolutePath();
    Path dir = this.target.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    this.temporary = this.target.resolveSibling("." + this.target.getFileName() + ".partial");
    this.out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16);
  }

  @Override
  public String location() {
    return target.toString();
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (done) {
      return;
    }
    done = true;
    out.close();
    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    try {
      out.close();
    } catch (IOException ignored) {
      // discarding anyway
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException ignored) {
      // nothing more to do: a leftover .partial file is visibly partial
    }
  }
}
