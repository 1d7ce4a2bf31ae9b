/** The {@code fit} stage: point fit and bootstrap fits of a mixture law, distributed on Spark. */
package io.mixlaw.jobs.fit;
