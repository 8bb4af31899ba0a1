package dev.cnimetrics.report;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The {@code ipamd} section: whether the agent's last read of ipamd succeeded, and if not why.
 *
 * @param processStartTimeSeconds ipamd's start time: a change tells a restart from a decrease
 * @param scrapeDurationSeconds how long the agent's read of ipamd took
 */
public record IpamdStatus(
    boolean up,
    Optional<String> error,
    OptionalDouble processStartTimeSeconds,
    OptionalDouble scrapeDurationSeconds) {}
