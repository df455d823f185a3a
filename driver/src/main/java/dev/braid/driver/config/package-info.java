/**
 * Configuration: one immutable record tree ({@link dev.braid.driver.config.BraidConfig}) bound from
 * HOCON. Defaults live in {@code conf/base.conf} only (shipped inside the jar); a workload file holds
 * what differs; {@code --set key=value} overrides both. Binding rejects unknown keys, wrong types and
 * out-of-range values with one paragraph naming the key, the value, the file and line, and the fix.
 * Validation lives in the records' compact constructors.
 */
package dev.braid.driver.config;
