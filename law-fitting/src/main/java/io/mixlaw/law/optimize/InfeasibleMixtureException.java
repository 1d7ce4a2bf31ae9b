package io.mixlaw.law.optimize;

/**
 * Thrown when no mixture satisfies the constraints; the message names the constraints in conflict,
 * their values and where to change them.
 */
public class InfeasibleMixtureException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what conflicts and how to resolve it
   */
  public InfeasibleMixtureException(String message) {
    super(message);
  }
}
