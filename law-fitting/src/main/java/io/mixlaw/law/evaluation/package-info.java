/**
 * The law benchmark: how well a fitted law predicts the loss of runs it has not seen.
 *
 * <p>{@link io.mixlaw.law.evaluation.BenchmarkData} holds proxy runs with their loss on every
 * validation target; a {@link io.mixlaw.law.evaluation.Protocol} splits them into folds of training
 * and test runs (within-scale k-fold cross-validation, leave-largest-scale-out, or a chosen split
 * of scales); {@link io.mixlaw.law.evaluation.LawEvaluator} fits each law to the training runs of
 * every fold and target, predicts the test runs, and scores the predictions with the {@link
 * io.mixlaw.law.evaluation.Metrics} (MAE, mean relative error, Spearman rank correlation across
 * mixtures, decision regret), each with a seeded bootstrap interval over the test runs. The
 * aggregate validation loss, the weighted sum the mixture optimizer minimises, is scored as one
 * more target.
 *
 * <p>Pure Java like the rest of the numeric core: no Spark, no logging; progress is reported
 * through a callback.
 */
package io.mixlaw.law.evaluation;
