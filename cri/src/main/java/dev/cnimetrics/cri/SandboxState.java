package dev.cnimetrics.cri;

/** CRI sandbox state. */
public enum SandboxState {
  READY,
  NOT_READY
}
