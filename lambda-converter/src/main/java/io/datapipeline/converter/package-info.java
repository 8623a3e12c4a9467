/** The CSV converter: Lambda handler and local CLI. */
package io.datapipeline.converter;
