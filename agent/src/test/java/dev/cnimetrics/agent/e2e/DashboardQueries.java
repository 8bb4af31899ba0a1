package dev.cnimetrics.agent.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of the dashboards people run (test resource {@code dashboards/mixin-queries.txt}: the
 * kubernetes-mixin and kube-prometheus-stack sources and commits are named in its section headers),
 * with Grafana's template variables filled in.
 */
final class DashboardQueries {

  /** One panel target, or a template variable's {@code label_values(...)} query. */
  record Query(String section, String dashboard, String panel, String expr) {

    boolean isVariable() {
      return panel.startsWith("VARIABLE ");
    }

    String describe() {
      return section + " · " + dashboard + " · " + panel;
    }

    /** The panel's expression with the variables filled in. */
    String promql(Map<String, String> variables) {
      return fill(expr, variables);
    }

    /**
     * A variable's {@code label_values(SELECTOR, LABEL)}: Grafana asks Prometheus' label values API
     * for LABEL with {@code match[]=SELECTOR}, which never lists an empty value.
     */
    LabelValues labelValues(Map<String, String> variables) {
      Matcher m = LABEL_VALUES.matcher(fill(expr, variables));
      if (!m.matches()) {
        throw new AssertionError("not a label_values(SELECTOR, LABEL) query: " + expr);
      }
      return new LabelValues(m.group(1), m.group(2));
    }
  }

  record LabelValues(String selector, String label) {}

  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$([a-zA-Z_][a-zA-Z0-9_]*)");

  private DashboardQueries() {}

  static List<Query> load() throws IOException {
    List<Query> out = new ArrayList<>();
    String section = "";
    try (InputStream in =
        DashboardQueries.class.getResourceAsStream("/dashboards/mixin-queries.txt")) {
      if (in == null) {
        throw new AssertionError("test resource dashboards/mixin-queries.txt is missing");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("# Section")) {
          section = line.substring(2, line.indexOf(':'));
        }
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(" \\| ", 3);
        if (parts.length != 3) {
          throw new AssertionError("mixin-queries.txt: expected DASHBOARD | PANEL | EXPR: " + line);
        }
        out.add(new Query(section, parts[0], parts[1], parts[2]));
      }
    }
    return out;
  }

  /**
   * Replaces every {@code $name}; a variable without a value is a test bug, not an empty string.
   */
  static String fill(String expr, Map<String, String> variables) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      if (value == null) {
        throw new AssertionError("no value for template variable $" + m.group(1) + " in " + expr);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
