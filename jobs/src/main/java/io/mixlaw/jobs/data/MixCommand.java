package io.mixlaw.jobs.data;

import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import picocli.CommandLine.Command;

/** {@code mixlaw mix}: mixtures into Megatron-LM shards and shard_manifest rows. */
@Command(
    name = "mix",
    mixinStandardHelpOptions = true,
    description = {
      "Draw whole documents per domain from tokenized_documents to each domain's exact token",
      "target (weight x mix.total-tokens), repeating a domain only up to mix.max-epochs, shuffle",
      "across domains with mix.seed, pack into sequences of mix.sequence-length and write",
      "Megatron-LM .bin/.idx shards under mix.output-dir, one folder per mixture, with a",
      "shard_manifest row per shard. Mixtures come from mix.mixtures, mix.recommendations",
      "(mixture_recommendations) or mix.table-mixtures. See docs/shards.md."
    })
public final class MixCommand extends StageCommand {

  @Override
  protected String stageName() {
    return "mix";
  }

  @Override
  protected void run(StageContext context) {
    System.out.print(MixJob.run(context).describe());
  }
}
