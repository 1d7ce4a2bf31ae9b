/**
 * The Delta tables of a deployment: their schemas, where they live under the warehouse root, and
 * the only ways they are written (idempotent MERGE of changed rows).
 */
package io.mixlaw.core.table;
