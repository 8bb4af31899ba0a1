package dev.cnimetrics.aggregator.metrics;

/** Where the CloudWatch sink reports on itself; the Prometheus self metrics implement it. */
public interface SinkMetrics {
  void request(String result);

  void backlog(int cycles);

  void dropped(int cycles);

  SinkMetrics NONE =
      new SinkMetrics() {
        @Override
        public void request(String result) {}

        @Override
        public void backlog(int cycles) {}

        @Override
        public void dropped(int cycles) {}
      };
}
