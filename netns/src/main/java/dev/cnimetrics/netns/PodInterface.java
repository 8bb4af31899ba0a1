package dev.cnimetrics.netns;

import java.util.Optional;

/**
 * One interface inside a pod's network namespace.
 *
 * @param podName name inside the pod ({@code eth0}, {@code net1}); empty when the method cannot see
 *     it (netlink from the host namespace)
 * @param podIfindex ifindex inside the pod's namespace
 * @param hostPeer the host-side end; empty when the interface has none in the host namespace (a
 *     dummy, macvlan or ipvlan, or a veth whose peer is in another pod)
 * @param kind the kernel's link kind ({@code veth}, {@code netkit}, {@code dummy}, …); empty for
 *     devices without one (physical NICs)
 */
public record PodInterface(
    Optional<String> podName, int podIfindex, Optional<HostPeer> hostPeer, String kind) {}
