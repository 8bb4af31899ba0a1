package dev.cnimetrics.agent.imds;

/** The EC2 instance the node runs on, as IMDS describes it. */
public record InstanceMetadata(String id, String type, String region, String availabilityZone) {}
