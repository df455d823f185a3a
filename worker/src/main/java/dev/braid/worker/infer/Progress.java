package dev.braid.worker.infer;

/**
 * Told as a long evaluation moves through its text: tokens done of the total, from the evaluating thread,
 * after every segment. Whoever shows it (a bar, periodic lines) decides how often to print.
 */
@FunctionalInterface
public interface Progress {
    void at(long done, long total);

    /** Nobody is watching. */
    Progress NONE = (done, total) -> { };
}
