/**
 * Mixture laws: validation loss as a function of model capacity, training tokens and the
 * proportions of the training domains.
 *
 * <p>This package is the public API of the numeric core: {@link io.mixlaw.law.Observation} is
 * one proxy run's loss on one validation target, {@link io.mixlaw.law.MixtureLaw} fits a law to
 * the observations of one target and returns a {@link io.mixlaw.law.FittedLaw}. The core has no
 * Spark dependency, logs nothing and reports its diagnostics in return values.
 *
 * <p>{@link io.mixlaw.law.CamelLaw} is the capacity-aware mixture law and its robust fitter, {@link
 * io.mixlaw.law.BootstrapSampler} draws reproducible stratified resamples of proxy runs, {@link
 * io.mixlaw.law.Percentiles} turns bootstrap replicates into intervals and {@link
 * io.mixlaw.law.TargetFits} fits every validation target. The optimal mixture is found in {@code
 * io.mixlaw.law.optimize}.
 */
package io.mixlaw.law;
