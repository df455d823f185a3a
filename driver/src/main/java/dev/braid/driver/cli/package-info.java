/**
 * The command line ({@code scripts/braid}): picocli commands that parse options, call a workload or
 * the worker's inference, and print results. Errors the user can fix print as one paragraph with exit
 * status 2; anything else prints one line and the path of the full trace, with status 1.
 */
package dev.braid.driver.cli;
