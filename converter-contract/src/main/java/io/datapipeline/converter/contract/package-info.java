/**
 * What the operator and the converter agree on, with no dependencies: the operator's converter
 * template writes it, the converter reads it.
 */
package io.datapipeline.converter.contract;
