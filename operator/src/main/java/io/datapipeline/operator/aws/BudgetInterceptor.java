package io.datapipeline.operator.aws;

import io.datapipeline.operator.metrics.OperatorMetrics;
import java.time.Duration;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Makes every SDK call of one account and region draw on its {@link CallBudget}: the call waits for
 * a token before it starts (before the SDK's attempt timeout runs, so waiting never times an
 * attempt out), and each retry attempt is charged without waiting.
 */
final class BudgetInterceptor implements ExecutionInterceptor {

  /** Set once the call's first attempt is paid for; the attempts after it are retries. */
  private static final ExecutionAttribute<Boolean> FIRST_ATTEMPT_PAID =
      new ExecutionAttribute<>("datapipeline.firstAttemptPaid");

  private final CallBudget budget;
  private final OperatorMetrics metrics;

  BudgetInterceptor(CallBudget budget, OperatorMetrics metrics) {
    this.budget = budget;
    this.metrics = metrics;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    try {
      Duration waited = budget.acquire();
      metrics.budgetWaited(waited);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.builder().message("interrupted waiting for AWS call budget").build();
    }
    attributes.putAttribute(FIRST_ATTEMPT_PAID, true);
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(FIRST_ATTEMPT_PAID))) {
      attributes.putAttribute(FIRST_ATTEMPT_PAID, false);
    } else {
      budget.charge();
    }
  }
}
