/** The {@code optimize} stage (the loss-minimising mixture with bootstrap intervals) and the demo. */
package io.mixlaw.jobs.optimize;
