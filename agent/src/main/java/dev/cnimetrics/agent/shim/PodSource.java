package dev.cnimetrics.agent.shim;

import dev.cnimetrics.cri.CriException;
import dev.cnimetrics.cri.PodSandboxes;
import dev.cnimetrics.cri.Sandbox;
import java.util.List;

/** The node's pod sandboxes; {@link PodSandboxes} over CRI, or a test's fixed list. */
public interface PodSource extends AutoCloseable {

  /** READY sandboxes; runtime-wide failures are thrown (and already counted). */
  List<Sandbox> list() throws CriException;

  /** e.g. {@code containerd 1.6.20, CRI API v1}, for the log line when the runtime answers. */
  String runtimeVersion() throws CriException;

  @Override
  void close();

  static PodSource of(PodSandboxes sandboxes) {
    return new PodSource() {
      @Override
      public List<Sandbox> list() throws CriException {
        return sandboxes.list();
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
