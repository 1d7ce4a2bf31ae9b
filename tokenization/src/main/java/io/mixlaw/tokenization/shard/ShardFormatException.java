package io.mixlaw.tokenization.shard;

/**
 * A {@code .bin}/{@code .idx} pair is not a valid Megatron-LM indexed dataset; the message names
 * the file and the first inconsistency found.
 */
public class ShardFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the file and the problem. */
  public ShardFormatException(String message) {
    super(message);
  }

  /** Creates the exception with a message and its cause. */
  public ShardFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
