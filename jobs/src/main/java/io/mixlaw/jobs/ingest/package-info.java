/** The {@code ingest} stage: evaluation logs into the bronze, quarantine and silver Delta tables. */
package io.mixlaw.jobs.ingest;
