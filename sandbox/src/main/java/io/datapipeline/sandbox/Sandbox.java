package io.datapipeline.sandbox;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar datapipeline-sandbox.jar}: the whole system on one machine, until Ctrl-C. */
@Command(
    name = "datapipeline-sandbox",
    mixinStandardHelpOptions = true,
    description =
        "Runs the DataPipeline system on loopback: a Kubernetes API (kubectl works through the"
            + " written kubeconfig), moto_server for AWS, PostgreSQL for RDS, the operator and the"
            + " converter. Ctrl-C stops everything.")
public final class Sandbox implements Callable<Integer> {

  @Option(
      names = "--work-dir",
      defaultValue = ".sandbox",
      description = "Kubeconfig, PostgreSQL data and logs (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--state-file",
      description = "Endpoints as JSON (default: <work-dir>/state.json).")
  Path stateFile;

  @Option(
      names = "--region",
      defaultValue = SandboxConfig.DEFAULT_REGION,
      description = "Default AWS region (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(
      names = "--external-operator",
      description =
          "Start everything but the operator, and print how to run the operator's jar against"
              + " this sandbox (to develop the operator, or benchmark it).")
  boolean externalOperator;

  @Option(
      names = "--apply",
      description = "A DataPipeline manifest to apply once started (repeatable).")
  List<Path> manifests = new ArrayList<>();

  @Option(
      names = "--upload",
      description =
          "A CSV to upload under the ingest prefix of the first applied pipeline once it is Ready.")
  Path upload;

  public static void main(String[] args) {
    // Before any logger exists: the operator's jar brings a logback.xml of its own.
    System.setProperty("logback.configurationFile", "sandbox-logback.xml");
    System.exit(new CommandLine(new Sandbox()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    SandboxRuntime runtime =
        SandboxRuntime.start(new SandboxConfig(workDir, stateFile, region, externalOperator));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  stopped.countDown();
                },
                "sandbox-shutdown"));
    printInstructions(runtime, System.out);
    if (externalOperator) {
      printExternalOperator(runtime, System.out);
    }
    if (!manifests.isEmpty()) {
      var applied = ScriptedDemo.apply(runtime.kubernetes().client(), manifests);
      if (upload != null) {
        var first =
            applied.stream()
                .filter(o -> "DataPipeline".equals(o.getKind()))
                .findFirst()
                .orElseThrow(
                    () -> new IllegalArgumentException("--upload needs a DataPipeline in --apply"));
        ScriptedDemo.uploadWhenReady(
            runtime.kubernetes().client(),
            runtime.aws(),
            first.getMetadata().getNamespace(),
            first.getMetadata().getName(),
            upload);
      }
    } else if (upload != null) {
      throw new IllegalArgumentException("--upload needs --apply with a DataPipeline manifest");
    }
    stopped.await();
    return 0;
  }

  static void printInstructions(SandboxRuntime runtime, PrintStream out) {
    String kubeconfig = runtime.kubeconfig().toString();
    String aws = runtime.moto().endpoint().toString();
    out.printf(
        """

        DataPipeline sandbox is running. Ctrl-C stops everything.

          Kubernetes API  %s
          kubeconfig      %s
          AWS endpoint    %s   (moto_server; access key %s / %s)
          PostgreSQL      %s:%d   (one database per pipeline, credentials in the state file)
          state file      %s

        Try it:
          export KUBECONFIG=%s
          kubectl create namespace sandbox
          kubectl apply -f sandbox/examples/weather.yaml
          kubectl wait --for=condition=Ready dp/weather -n sandbox --timeout=180s
          export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_DEFAULT_REGION=eu-west-1
          BUCKET=$(kubectl get dp weather -n sandbox -o jsonpath='{.status.outputs.bucketName}')
          aws --endpoint-url %s s3 cp sandbox/examples/seattle-weather.csv s3://$BUCKET/incoming/
          aws --endpoint-url %s s3 ls --recursive s3://$BUCKET/
          kubectl get dp -n sandbox
          kubectl delete dp weather -n sandbox

        """,
        runtime.kubernetes().url(),
        kubeconfig,
        aws,
        AwsClients.ACCESS_KEY_ID,
        AwsClients.SECRET_ACCESS_KEY,
        runtime.postgres().host(),
        runtime.postgres().port(),
        runtime.stateFile().path(),
        kubeconfig,
        AwsClients.ACCESS_KEY_ID,
        AwsClients.SECRET_ACCESS_KEY,
        aws,
        aws);
    out.flush();
  }

  /**
   * How to run the operator as its own process against this sandbox. The settings are the
   * production ones except for the endpoints; the process is the operator app with the plan adapted
   * to moto as in process ({@link MotoAdaptedOperator}), because the production jar renders the
   * production templates, of which moto cannot deploy every construct (see docs/templates.md).
   */
  static void printExternalOperator(SandboxRuntime runtime, PrintStream out) {
    out.printf(
        """
        The operator is not running (--external-operator). Run it against this sandbox with:
          export KUBECONFIG=%s
          export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s
          export AWS_ENDPOINT_URL=%s AWS_REGION=%s
          export CONVERTER_IMAGE=%s GRAFANA_IMAGE=%s
          export LEADER_ELECTION=false HEALTH_PORT=-1 METRICS_PORT=-1 LOG_FORMAT=text
          export %s=%d
          java -cp sandbox/target/datapipeline-sandbox.jar %s
        (the operator app with the sandbox's moto adaptations of the templates: the production
        jar's templates are not all deployable on moto)

        """,
        runtime.kubeconfig(),
        AwsClients.ACCESS_KEY_ID,
        AwsClients.SECRET_ACCESS_KEY,
        runtime.moto().endpoint(),
        runtime.config().region(),
        OperatorRunner.CONVERTER_IMAGE,
        OperatorRunner.GRAFANA_IMAGE,
        MotoAdaptedOperator.POSTGRES_PORT,
        runtime.postgres().port(),
        MotoAdaptedOperator.class.getName());
    out.flush();
  }
}
