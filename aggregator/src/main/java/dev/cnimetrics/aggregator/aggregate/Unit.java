package dev.cnimetrics.aggregator.aggregate;

/** CloudWatch units this project publishes, spelled as CloudWatch spells them. */
public enum Unit {
  COUNT("Count"),
  MILLISECONDS("Milliseconds");

  private final String cloudWatchName;

  Unit(String cloudWatchName) {
    this.cloudWatchName = cloudWatchName;
  }

  public String cloudWatchName() {
    return cloudWatchName;
  }
}
