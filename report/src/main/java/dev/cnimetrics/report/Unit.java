package dev.cnimetrics.report;

/** The CloudWatch units this project publishes, spelled as CloudWatch spells them. */
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

  static Unit fromCloudWatchName(String name) {
    for (Unit u : values()) {
      if (u.cloudWatchName.equals(name)) {
        return u;
      }
    }
    throw new IllegalStateException("catalogue.tsv: unknown CloudWatch unit " + name);
  }
}
