package dev.cnimetrics.agent.shim;

import java.util.Comparator;
import java.util.Objects;

/**
 * One {@code pod_interface_shim} series (the {@code node} label is the agent's own).
 *
 * @param hostInterface the host-side name cAdvisor labels its series with ({@code lxc…}, {@code
 *     eni…}, {@code veth…})
 * @param podInterface the name inside the pod ({@code eth0}, {@code net1}); empty when the agent
 *     cannot know it (see {@link PodInterfaceNames})
 */
public record PodInterfaceSeries(
    String namespace, String pod, String uid, String hostInterface, String podInterface) {

  /** The order series are served in: by pod, then host interface. */
  public static final Comparator<PodInterfaceSeries> ORDER =
      Comparator.comparing(PodInterfaceSeries::namespace)
          .thenComparing(PodInterfaceSeries::pod)
          .thenComparing(PodInterfaceSeries::uid)
          .thenComparing(PodInterfaceSeries::hostInterface);

  public PodInterfaceSeries {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(hostInterface, "hostInterface");
    Objects.requireNonNull(podInterface, "podInterface");
  }
}
