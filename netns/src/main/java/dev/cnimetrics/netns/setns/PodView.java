package dev.cnimetrics.netns.setns;

import dev.cnimetrics.netns.netlink.Link;
import java.util.List;

/**
 * What the worker saw of one pod's namespace.
 *
 * @param nsid the id the host namespace gives the pod's namespace (-1 if none assigned)
 * @param hostIdInPod the id the pod's namespace gives the host namespace: a pod link whose
 *     IFLA_LINK_NETNSID equals it has its peer in the host (-1 if none assigned)
 * @param links every link inside the pod's namespace, as its own RTM_GETLINK dump shows them
 */
record PodView(int nsid, int hostIdInPod, List<Link> links) {}
