package io.mixlaw.jobs.ingest;

import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import picocli.CommandLine.Command;

/** {@code mixlaw ingest}: evaluation logs into eval_records, eval_quarantine and run_results. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Read the evaluation logs listed in ingest.sources (mixlaw JSONL/CSV, Data Mixing Laws",
      "logs, RegMix CSV pairs; see docs/eval-log-format.md), quarantine bad records with a",
      "reason, and MERGE the rest into Delta. Rerunning on the same files changes no table."
    })
public final class IngestCommand extends StageCommand {

  @Override
  protected String stageName() {
    return "ingest";
  }

  @Override
  protected void run(StageContext context) {
    System.out.print(IngestJob.run(context).describe());
  }
}
