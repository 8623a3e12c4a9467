package io.datapipeline.operator.cloudformation;

import io.datapipeline.operator.testing.FakeCloudFormation;

/** The in-memory fake keeps the contract the SDK implementation keeps on moto. */
class FakeCloudFormationContractTest extends CloudFormationApiContract {

  private final FakeCloudFormation fake = new FakeCloudFormation();

  @Override
  protected CloudFormationApi api() {
    return fake;
  }

  @Override
  protected void settle() {
    fake.settle();
  }
}
