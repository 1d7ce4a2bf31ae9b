package io.mixlaw.jobs.data;

import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import picocli.CommandLine.Command;

/** {@code mixlaw verify-shards}: shards read back and checked against manifest and request. */
@Command(
    name = "verify-shards",
    mixinStandardHelpOptions = true,
    description = {
      "Read every shard under mix.output-dir (or of verify-shards.mixtures) back with an",
      "independent .bin/.idx reader, check index integrity, checksums and the shard_manifest",
      "rows, and report each domain's realized token share against the request (within one",
      "document's tokens). Exits non-zero naming every problem."
    })
public final class VerifyShardsCommand extends StageCommand {

  @Override
  protected String stageName() {
    return "verify-shards";
  }

  @Override
  protected void run(StageContext context) {
    System.out.print(VerifyShardsJob.run(context).describe());
  }
}
