/**
 * The converter's one use case, {@link io.datapipeline.converter.load.FileConversion}: one file
 * into its destinations, with the ports it needs (audit, metrics, destinations, input). Knows no
 * AWS SDK and no JDBC: the Lambda handler and the CLI plug their adapters in.
 */
package io.datapipeline.converter.load;
