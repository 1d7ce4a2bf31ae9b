/** The {@code mixlaw} command line: stage commands, option parsing and error reporting. */
package io.mixlaw.jobs.cli;
