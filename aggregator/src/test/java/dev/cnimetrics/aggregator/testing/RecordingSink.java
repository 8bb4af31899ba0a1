package dev.cnimetrics.aggregator.testing;

import dev.cnimetrics.aggregator.sink.Publication;
import dev.cnimetrics.aggregator.sink.Sink;
import java.util.ArrayList;
import java.util.List;

/** The test implementation of {@link Sink}: remembers what was published, by whom. */
public final class RecordingSink implements Sink {
  /** One publication and the cluster id it came with. */
  public record Published(String instance, Publication publication, String clusterId) {}

  private final String instance;
  private final List<Published> shared;

  /**
   * @param shared a list several instances' sinks may append to (synchronized on itself)
   */
  public RecordingSink(String instance, List<Published> shared) {
    this.instance = instance;
    this.shared = shared;
  }

  public RecordingSink() {
    this("only", new ArrayList<>());
  }

  @Override
  public void publish(Publication publication, String clusterId) {
    synchronized (shared) {
      shared.add(new Published(instance, publication, clusterId));
    }
  }

  public List<Published> published() {
    synchronized (shared) {
      return List.copyOf(shared);
    }
  }
}
