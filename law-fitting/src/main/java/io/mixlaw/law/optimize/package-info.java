/**
 * Convex mixture optimization: choose the training mixture that minimizes the weighted predicted
 * validation loss of fitted CAMEL laws at a target capacity, under per-domain bounds and token
 * availability.
 *
 * <p>At fixed capacity every fitted law is a constant plus the exponential of an affine function of
 * the mixture, so the objective {@link io.mixlaw.law.optimize.ExponentialMixtureObjective} is
 * convex on the simplex and {@link io.mixlaw.law.optimize.MixtureOptimizer} solves it exactly,
 * reporting the Karush-Kuhn-Tucker conditions at the answer.
 */
package io.mixlaw.law.optimize;
