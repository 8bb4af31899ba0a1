package dev.cnimetrics.netns;

/** The value of {@code --netns-method}. */
public enum NetnsMethod {
  /** netlink, then setns for what netlink could not tell when CAP_SYS_ADMIN is effective. */
  AUTO("auto"),
  /** Host-namespace netlink only: no capability needed; pod-side names stay unknown. */
  NETLINK("netlink"),
  /** Enter every pod's namespace on a dedicated thread: needs CAP_SYS_ADMIN. */
  SETNS("setns");

  public static final String FLAG = "--netns-method";

  private final String value;

  NetnsMethod(String value) {
    this.value = value;
  }

  /** The flag's spelling of this method. */
  public String value() {
    return value;
  }

  /**
   * Parses the flag's value (exact, lower case).
   *
   * @throws IllegalArgumentException with the one-line message to show the user
   */
  public static NetnsMethod parse(String value) {
    for (NetnsMethod method : values()) {
      if (method.value.equals(value)) {
        return method;
      }
    }
    throw new IllegalArgumentException(
        FLAG + ": expected one of auto, netlink, setns; found \"" + value + "\"");
  }
}
