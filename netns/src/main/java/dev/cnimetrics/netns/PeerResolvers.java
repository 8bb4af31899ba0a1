package dev.cnimetrics.netns;

import dev.cnimetrics.netns.netlink.NetlinkResolver;
import dev.cnimetrics.netns.setns.SetnsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the resolver {@code --netns-method} asks for. */
public final class PeerResolvers {
  private static final Logger LOG = LoggerFactory.getLogger(PeerResolvers.class);

  private PeerResolvers() {}

  /**
   * Opens a resolver; call from a thread in the host namespace.
   *
   * @param capabilities the agent's effective capabilities, {@link Capabilities#current()} at start
   * @throws NetnsException {@code setns} without CAP_SYS_ADMIN (reason {@link
   *     NetnsErrorReason#SETNS_DENIED}, a one-line message for the user), or no netlink socket
   */
  public static PeerResolver open(
      NetnsMethod method, Capabilities capabilities, ResolutionErrors errors)
      throws NetnsException {
    PeerResolver resolver =
        switch (method) {
          case NETLINK -> NetlinkResolver.open(errors);
          case SETNS -> {
            if (!capabilities.hasSysAdmin()) {
              throw new NetnsException(
                  NetnsErrorReason.SETNS_DENIED, missingSysAdmin(capabilities));
            }
            yield SetnsResolver.open(errors);
          }
          case AUTO -> auto(capabilities, errors);
        };
    LOG.info(
        "event=netns_resolver_opened method={} cap_sys_admin={}",
        method.value(),
        capabilities.hasSysAdmin());
    return resolver;
  }

  static String missingSysAdmin(Capabilities capabilities) {
    return NetnsMethod.FLAG
        + "=setns: needs CAP_SYS_ADMIN in the effective capability set, found CapEff "
        + capabilities.hex()
        + " without it — add SYS_ADMIN to the agent container's capabilities or use "
        + NetnsMethod.FLAG
        + "=netlink";
  }

  private static PeerResolver auto(Capabilities capabilities, ResolutionErrors errors)
      throws NetnsException {
    PeerResolver netlink = NetlinkResolver.open(ResolutionErrors.NONE);
    if (!capabilities.hasSysAdmin()) {
      return new AutoResolver(netlink, null, errors);
    }
    try {
      return new AutoResolver(netlink, SetnsResolver.open(ResolutionErrors.NONE), errors);
    } catch (NetnsException e) {
      netlink.close();
      throw e;
    }
  }
}
