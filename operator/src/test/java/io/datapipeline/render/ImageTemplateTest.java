package io.datapipeline.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ImageTemplateTest {

  private static Supplier<String> account(String id, AtomicInteger asked) {
    return () -> {
      asked.incrementAndGet();
      return id;
    };
  }

  @Test
  void fillsRegionAndAccount() {
    ImageTemplate template =
        ImageTemplate.parse(
            "{account}.dkr.ecr.{region}.amazonaws.com/datapipeline-converter:2.1.0");

    assertThat(template.expand("ap-southeast-2", () -> "444455556666"))
        .isEqualTo(
            "444455556666.dkr.ecr.ap-southeast-2.amazonaws.com/datapipeline-converter:2.1.0");
  }

  @Test
  void asksForTheAccountOnlyWhenTheTemplateNamesIt() {
    AtomicInteger asked = new AtomicInteger();

    assertThat(
            ImageTemplate.parse("registry.example/grafana-{region}:11")
                .expand("eu-west-1", account("444455556666", asked)))
        .isEqualTo("registry.example/grafana-eu-west-1:11");
    assertThat(
            ImageTemplate.parse("docker.io/grafana/grafana:11.1.0")
                .expand("eu-west-1", account("444455556666", asked)))
        .isEqualTo("docker.io/grafana/grafana:11.1.0");
    assertThat(asked).hasValue(0);
  }

  @Test
  void bootstrapRepositoryIsTheBootstrapStacksRepositoryUri() {
    // The bootstrap stack's ConverterRepositoryUri is
    // <account>.dkr.ecr.<region>.amazonaws.com/<name>.
    assertThat(ImageTemplate.bootstrapRepository(BootstrapRenderer.CONVERTER_REPOSITORY, "1.2.3"))
        .hasToString("{account}.dkr.ecr.{region}.amazonaws.com/datapipeline-converter:1.2.3");
  }

  @Test
  void unknownPlaceholdersAreRejectedEachNamed() {
    assertThatThrownBy(
            () -> ImageTemplate.parse("{acount}.dkr.ecr.{Region}.amazonaws.com/converter:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown placeholder {acount}")
        .hasMessageContaining("unknown placeholder {Region}")
        .hasMessageContaining("placeholders: {account}, {region}");
  }

  @Test
  void strayBracesAndWhitespaceAreRejected() {
    assertThatThrownBy(() -> ImageTemplate.parse("{account.dkr.ecr.{region}.amazonaws.com/c:1"))
        .hasMessageContaining("'{' or '}' that is not part of a placeholder");
    assertThatThrownBy(() -> ImageTemplate.parse("registry.example/c:1}"))
        .hasMessageContaining("'{' or '}' that is not part of a placeholder");
    assertThatThrownBy(() -> ImageTemplate.parse("registry.example/c :1"))
        .hasMessageContaining("no whitespace");
  }

  @Test
  void defaultsAskForTheAccountOnceForBothImages() {
    AtomicInteger asked = new AtomicInteger();
    ImageDefaults defaults =
        ImageDefaults.of(
            "{account}.dkr.ecr.{region}.amazonaws.com/datapipeline-converter:1",
            "{account}.dkr.ecr.{region}.amazonaws.com/datapipeline-grafana:1");

    RenderDefaults resolved = defaults.resolve("us-west-2", account("444455556666", asked));

    assertThat(resolved.converterImage())
        .isEqualTo("444455556666.dkr.ecr.us-west-2.amazonaws.com/datapipeline-converter:1");
    assertThat(resolved.grafanaImage())
        .isEqualTo("444455556666.dkr.ecr.us-west-2.amazonaws.com/datapipeline-grafana:1");
    assertThat(asked).hasValue(1);
  }

  @Test
  void blankDefaultsMeanNoDefault() {
    RenderDefaults resolved = ImageDefaults.of(null, " ").resolve("us-west-2", () -> "1");

    assertThat(resolved.converterImage()).isNull();
    assertThat(resolved.grafanaImage()).isNull();
  }
}
