package dev.cnimetrics.config;

/**
 * The value one flag has after the command line, the environment and its default were consulted.
 *
 * @param value null when nothing set it and it has no default
 * @param source how a message names where the value came from: the flag when the command line gave
 *     it or nothing did (the default is the flag's), else the environment variable
 * @param given true when the command line or the environment set it, false for the default
 */
public record Setting(String value, String source, boolean given) {}
