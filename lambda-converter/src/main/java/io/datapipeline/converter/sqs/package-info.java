/** The converter's SQS adapter: the failure queue. */
package io.datapipeline.converter.sqs;
