/**
 * The product's domain model and the user-facing error type shared by every stage.
 *
 * <p>Subpackages hold configuration loading ({@code config}), the Spark session factory
 * ({@code spark}), the Delta table catalog and schemas ({@code table}) and the evaluation-log
 * readers ({@code ingest}).
 */
package io.mixlaw.core;
