/**
 * JMH benchmarks of the law fits on the bundled 5-domain ladder.
 *
 * <p>Built with the project, never run by it. Run them with {@code java -jar
 * benchmarks/target/benchmarks.jar} (JMH's own options apply, e.g. {@code -f 1 -wi 1 -i 3}).
 */
package io.mixlaw.benchmarks;
