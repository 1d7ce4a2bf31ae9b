package io.mixlaw.core;

import java.util.Objects;

/**
 * A failure the person running mixlaw can act on: what went wrong, why, and what to do.
 *
 * <p>Every stage reports user-facing problems (bad input, bad configuration, infeasible
 * constraints, a failed table write) through this one type, so the command line prints them the
 * same way and exits non-zero. Build instances with {@link #of(String, String, String)}.
 */
public final class MixlawException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String problem;
  private final String cause;
  private final String fix;

  private MixlawException(String problem, String cause, String fix, Throwable underlying) {
    super(format(problem, cause, fix), underlying);
    this.problem = problem;
    this.cause = cause;
    this.fix = fix;
  }

  /**
   * Creates an error.
   *
   * @param problem what went wrong, naming the input (file, table, config key, record)
   * @param cause why it is a problem, with the offending value
   * @param fix what the user should do
   */
  public static MixlawException of(String problem, String cause, String fix) {
    return new MixlawException(
        Objects.requireNonNull(problem, "problem"),
        Objects.requireNonNull(cause, "cause"),
        Objects.requireNonNull(fix, "fix"),
        null);
  }

  /** Creates an error that wraps a lower-level exception once, keeping it as the cause. */
  public static MixlawException wrap(String problem, String fix, Throwable underlying) {
    Objects.requireNonNull(underlying, "underlying");
    String message = underlying.getMessage() == null ? underlying.toString() : underlying.getMessage();
    return new MixlawException(
        Objects.requireNonNull(problem, "problem"),
        firstLine(message),
        Objects.requireNonNull(fix, "fix"),
        underlying);
  }

  /** What went wrong. */
  public String problem() {
    return problem;
  }

  /** Why it is a problem. */
  public String reason() {
    return cause;
  }

  /** What to do about it. */
  public String fix() {
    return fix;
  }

  private static String format(String problem, String cause, String fix) {
    // A cause taken from another message may end its own sentence.
    String reason = cause.endsWith(".") ? cause.substring(0, cause.length() - 1) : cause;
    return problem + ": " + reason + ". Fix: " + fix;
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
