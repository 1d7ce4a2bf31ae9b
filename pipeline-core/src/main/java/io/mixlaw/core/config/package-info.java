/** Loading of HOCON configuration: bundled defaults, a deployment file and command-line overrides. */
package io.mixlaw.core.config;
