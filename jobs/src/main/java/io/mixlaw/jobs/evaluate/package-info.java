/**
 * The {@code evaluate-laws} stage: the law benchmark on Spark.
 *
 * <p>{@link io.mixlaw.jobs.evaluate.EvaluateJob} reads runs from evaluation logs or from {@code
 * run_results}, runs {@link io.mixlaw.law.evaluation.LawEvaluator} over the configured laws, and
 * writes the markdown report, the predicted-versus-observed plots, the predictions CSV and the
 * Delta table {@code law_evaluations}. {@link io.mixlaw.jobs.evaluate.GradientBoostedTreesLaw} is
 * the RegMix-style regressor on Spark MLlib, behind the same {@link io.mixlaw.law.MixtureLaw}
 * interface as the pure-Java laws.
 */
package io.mixlaw.jobs.evaluate;
