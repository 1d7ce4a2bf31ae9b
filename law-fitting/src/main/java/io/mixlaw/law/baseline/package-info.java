/**
 * Published loss laws that CAMEL is compared against, behind the same {@link
 * io.mixlaw.law.MixtureLaw} interface.
 *
 * <ul>
 *   <li>{@link io.mixlaw.law.baseline.ChinchillaLaw}: L(N, D) = E + A / N^alpha + B / D^beta
 *       (Hoffmann et al. 2022), no mixture; {@link io.mixlaw.law.baseline.ChinchillaReproduction}
 *       reproduces the published fit on the Chinchilla points.
 *   <li>{@link io.mixlaw.law.baseline.DataMixingLaw}: the exponential data mixing law of Ye et al.
 *       (2024) at a fixed scale, carried to other scales through their nested model-size law.
 *   <li>{@link io.mixlaw.law.baseline.ShukorAdditiveLaw} and {@link
 *       io.mixlaw.law.baseline.ShukorJointLaw}: the additive and joint laws in (N, D, h) of Shukor
 *       et al. (2025).
 * </ul>
 *
 * <p>All laws are fitted with the same objective: the Huber loss (delta 1e-3 by default) of ln
 * predicted minus ln observed loss, summed over observations, minimized by Levenberg-Marquardt
 * (Hipparchus) from several starts, keeping the best converged fit. {@link
 * io.mixlaw.law.baseline.Baselines#byName(String)} looks a law up by its table name.
 */
package io.mixlaw.law.baseline;
