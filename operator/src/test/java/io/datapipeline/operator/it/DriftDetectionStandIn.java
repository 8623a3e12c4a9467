package io.datapipeline.operator.it;

import io.datapipeline.standins.events.AwsEventsStandIn;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * TEST STAND-IN for what moto cannot do: moto 5.2.1 implements no drift detection (DetectStackDrift
 * answers HTTP 500). This answers DetectStackDrift with a new detection id and, half a second later
 * (a detection takes a while), has {@link AwsEventsStandIn} send the "Drift Detection Status
 * Change" event CloudFormation would: DRIFTED for the stacks {@code drifted} accepts (whose
 * DescribeStackResourceDrifts then names one MODIFIED SSM parameter), IN_SYNC for the others.
 * DescribeStackDriftDetectionStatus is not answered here: moto's HTTP 500 shows if it is asked.
 */
final class DriftDetectionStandIn extends MissingOperationsStandIn {

  private static final String XMLNS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<String> detected = new CopyOnWriteArrayList<>();

  DriftDetectionStandIn(AwsEventsStandIn events, Predicate<String> drifted) {
    answering(
            "DetectStackDrift",
            request -> {
              String stack = MissingOperationsStandIn.formValue(request, "StackName");
              String id = "stand-in-drift-" + ids.incrementAndGet();
              detected.add(stack);
              later.schedule(
                  () ->
                      events.driftDetected(stack, id, drifted.test(stack) ? "DRIFTED" : "IN_SYNC"),
                  500,
                  TimeUnit.MILLISECONDS);
              return Answer.xml(
                  """
                  <DetectStackDriftResponse xmlns="%s"><DetectStackDriftResult>\
                  <StackDriftDetectionId>%s</StackDriftDetectionId></DetectStackDriftResult>\
                  <ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata>\
                  </DetectStackDriftResponse>"""
                      .formatted(XMLNS, id));
            })
        .answering(
            "DescribeStackResourceDrifts",
            request ->
                Answer.xml(
                    """
                    <DescribeStackResourceDriftsResponse xmlns="%s">\
                    <DescribeStackResourceDriftsResult><StackResourceDrifts><member>\
                    <StackId>%s</StackId><LogicalResourceId>Endpoint</LogicalResourceId>\
                    <PhysicalResourceId>endpoint</PhysicalResourceId>\
                    <ResourceType>AWS::SSM::Parameter</ResourceType>\
                    <StackResourceDriftStatus>MODIFIED</StackResourceDriftStatus>\
                    <PropertyDifferences><member><PropertyPath>/Value</PropertyPath>\
                    <ExpectedValue>a</ExpectedValue><ActualValue>b</ActualValue>\
                    <DifferenceType>NOT_EQUAL</DifferenceType></member></PropertyDifferences>\
                    <Timestamp>2026-12-02T06:00:00Z</Timestamp></member></StackResourceDrifts>\
                    </DescribeStackResourceDriftsResult>\
                    <ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata>\
                    </DescribeStackResourceDriftsResponse>"""
                        .formatted(
                            XMLNS, MissingOperationsStandIn.formValue(request, "StackName"))));
  }

  /** The stacks DetectStackDrift was asked for, in order. */
  List<String> detected() {
    return List.copyOf(detected);
  }

  @Override
  public void close() {
    later.shutdownNow();
    super.close();
  }
}
