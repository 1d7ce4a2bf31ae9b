package io.mixlaw.jobs.data;

import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import picocli.CommandLine.Command;

/** {@code mixlaw tokenize}: corpus inputs into tokenized_documents and domain_token_stats. */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = {
      "Read the corpus inputs of tokenize.inputs (JSON Lines, plain, .gz or .zst; folders of",
      "text files; Parquet), tokenize every valid document with tokenizer.name (o200k_base by",
      "default, or a local tokenizer.json), quarantine bad records with file, line and reason,",
      "and merge tokenized_documents, domain_token_stats and tokenize_quarantine. Rerunning on",
      "the same files changes no table. See conf/tokenize.conf and docs/shards.md."
    })
public final class TokenizeCommand extends StageCommand {

  @Override
  protected String stageName() {
    return "tokenize";
  }

  @Override
  protected void run(StageContext context) {
    System.out.print(TokenizeJob.run(context).describe());
  }
}
