package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** The converter Lambda function. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConverterSpec {

  @Size(max = 512)
  @Pattern(Patterns.ECR_IMAGE)
  @JsonPropertyDescription(
      "Converter container image in ECR (Lambda runs images only from ECR), by tag or digest."
          + " Default: the operator's configured converter image.")
  public String image;

  @Default("1024")
  @Min(128)
  @Max(10240)
  @JsonPropertyDescription("Function memory in MiB (128-10240); CPU scales with it.")
  public Integer memoryMiB = 1024;

  @Default("300")
  @Min(1)
  @Max(900)
  @JsonPropertyDescription(
      "Function timeout in seconds (1-900): the largest file must convert within it.")
  public Integer timeoutSeconds = 300;

  @Default("10")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Reserved concurrency: at most this many files convert at once, which also caps database"
          + " connections.")
  public Integer reservedConcurrency = 10;
}
