package dev.cnimetrics.netns;

/** The host-side end of a pod interface: the name cAdvisor labels its series with. */
public record HostPeer(int ifindex, String name) {}
