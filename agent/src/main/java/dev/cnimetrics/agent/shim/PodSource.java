package dev.cnimetrics.agent.shim;

import dev.cnimetrics.cri.CriException;
import dev.cnimetrics.cri.PodSandboxes;
import dev.cnimetrics.cri.Sandbox;
import java.util.List;
import java.util.Map;

/** The node's pod sandboxes; {@link PodSandboxes} over CRI, or a test's fixed list. */
public interface PodSource extends AutoCloseable {

  /**
   * READY sandboxes; those whose id is in {@code known} are taken from there instead of being read
   * again. Runtime-wide failures are thrown (and already counted).
   */
  List<Sandbox> list(Map<String, Sandbox> known) throws CriException;

  /** e.g. {@code containerd 1.6.20, CRI API v1}, for the log line when the runtime answers. */
  String runtimeVersion() throws CriException;

  @Override
  void close();

  static PodSource of(PodSandboxes sandboxes) {
    return new PodSource() {
      @Override
      public List<Sandbox> list(Map<String, Sandbox> known) throws CriException {
        return sandboxes.list(known);
      }

      @Override
      public String runtimeVersion() throws CriException {
        return sandboxes.runtimeVersion();
      }

      @Override
      public void close() {
        sandboxes.close();
      }
    };
  }
}
