/**
 * The Lambda function's wiring: its configuration (the environment of {@code converter-contract})
 * and the object graph a container keeps, built with plain constructors from the adapters ({@code
 * s3}, {@code dynamodb}, {@code postgres}, {@code secrets}, {@code metrics}) around the use case
 * ({@code load}).
 */
package io.datapipeline.converter.aws;
