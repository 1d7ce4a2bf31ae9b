package io.mixlaw.core.table;

/**
 * What one idempotent write did to a table.
 *
 * @param table table name
 * @param changedRows rows that were new, differed from the table, or were removed as stale (0 on a
 *     rerun)
 * @param versionBefore Delta version before the write
 * @param versionAfter Delta version after the write; equal to {@code versionBefore} when nothing
 *     changed
 */
public record MergeOutcome(String table, long changedRows, long versionBefore, long versionAfter) {}
