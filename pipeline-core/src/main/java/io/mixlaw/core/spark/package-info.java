/** Creation of the Spark session every stage runs on, with Delta Lake enabled. */
package io.mixlaw.core.spark;
