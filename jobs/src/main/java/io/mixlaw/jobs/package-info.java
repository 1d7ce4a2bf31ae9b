/**
 * Spark entry points, one per pipeline stage. Each stage is thin: it reads its options, calls the
 * numeric and parsing modules, and writes Delta tables through the catalog.
 */
package io.mixlaw.jobs;
