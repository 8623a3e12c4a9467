package io.datapipeline.converter.sink;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Compression without Hadoop: parquet's stock codec factory loads Hadoop's zlib classes even for
 * UNCOMPRESSED, which do not ship in this jar (BUILD-NOTES "Data side"). Writes only.
 */
public final class PlainCodecFactory implements CompressionCodecFactory {

  public static final int ZSTD_LEVEL = 3;

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return switch (codec) {
      case UNCOMPRESSED -> compressor(codec, bytes -> bytes);
      case SNAPPY -> compressor(codec, Snappy::compress);
      case ZSTD -> compressor(codec, bytes -> Zstd.compress(bytes, ZSTD_LEVEL));
      default ->
          throw new IllegalArgumentException(
              "compression " + codec + " is not supported (use SNAPPY, ZSTD or UNCOMPRESSED)");
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    throw new UnsupportedOperationException("this factory only writes Parquet");
  }

  @Override
  public void release() {}

  private interface ByteTransform {
    byte[] apply(byte[] bytes) throws IOException;
  }

  private static BytesInputCompressor compressor(CompressionCodecName codec, ByteTransform f) {
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) throws IOException {
        if (codec == CompressionCodecName.UNCOMPRESSED) {
          return bytes;
        }
        return BytesInput.from(f.apply(bytes.toByteArray()));
      }

      @Override
      public CompressionCodecName getCodecName() {
        return codec;
      }

      @Override
      public void release() {}
    };
  }
}
