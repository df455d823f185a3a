package dev.braid.driver.config;

import dev.braid.driver.UserError;

/** A configuration the user must fix: one paragraph naming key, value, file:line and what is allowed. */
public final class ConfigError extends UserError {
    public ConfigError(String message) {
        super(message);
    }
}
