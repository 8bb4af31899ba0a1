package dev.cnimetrics.report;

/**
 * The EC2 instance the node runs on, as the agent read it from IMDS. The agent fills every field; a
 * parsed report may lack any (null).
 */
public record Instance(String id, String type, String region, String availabilityZone) {}
