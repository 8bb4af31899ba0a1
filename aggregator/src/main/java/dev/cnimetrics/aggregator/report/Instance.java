package dev.cnimetrics.aggregator.report;

/** EC2 instance facts an agent read from IMDS; any field may be null. */
public record Instance(String id, String type, String region, String availabilityZone) {}
