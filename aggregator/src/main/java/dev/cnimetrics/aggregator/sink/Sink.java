package dev.cnimetrics.aggregator.sink;

/** Somewhere a cycle's values go. A sink never throws: it logs and counts its own failures. */
public interface Sink {

  /**
   * @param clusterId null while the cluster id is not known yet (a sink that needs it holds or
   *     skips the cycle)
   */
  void publish(Publication publication, String clusterId);

  /** This instance is no longer the leader: stop showing cluster values. */
  default void leadershipLost() {}
}
