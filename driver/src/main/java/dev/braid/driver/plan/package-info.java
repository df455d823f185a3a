/**
 * The scaling pre-check ({@code braid plan}): a few training steps of a config's model measured on this
 * machine, the round's coordination costs measured too, and a model of a data-parallel round that
 * predicts tokens/s and parallel efficiency at W workers and the averaging period that keeps
 * coordination under a share of the round.
 */
package dev.braid.driver.plan;
