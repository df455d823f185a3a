package dev.braid.driver;

/**
 * A problem the user can fix (bad input, missing file, invalid configuration). The CLI prints its
 * message as one paragraph, without a stack trace, and exits with status 2.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
