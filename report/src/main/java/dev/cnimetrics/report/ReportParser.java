package dev.cnimetrics.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cnimetrics.report.Catalogue.Kind;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Turns the bytes of an agent's {@code /v1/report} into a {@link NodeReport}. Pure: a bad report
 * yields one line saying what was expected and what was found. Unknown fields, and metric names
 * outside the {@link Catalogue}, are ignored (and the latter counted) so newer agents keep working;
 * but a report with more than {@link #MAX_METRIC_FIELDS} metric fields, or any catalogue value that
 * is not a finite number from 0 to {@link Catalogue#MAX_VALUE}, is refused whole: one such value
 * would otherwise make CloudWatch reject the whole cycle, or poison every later counter sum.
 */
public final class ReportParser {

  /** Five times the catalogue: room for newer agents, none for a flood of names. */
  public static final int MAX_METRIC_FIELDS = 100;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> GAUGES = Catalogue.gaugeNames();
  private static final Set<String> COUNTERS = Catalogue.names(Kind.COUNTER);
  private static final Set<String> LATENCIES = Catalogue.names(Kind.LATENCY_SUMMARY);

  private ReportParser() {}

  /** The parsed report, or {@link ReportException} with a one-line reason. */
  public static ParsedReport parse(byte[] body) throws ReportException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ReportException(
          "expected a JSON report, found invalid JSON (" + firstLine(e) + ")");
    } catch (IOException e) {
      throw new ReportException("expected a JSON report, found unreadable bytes (" + e + ")");
    }
    if (root == null || !root.isObject()) {
      throw new ReportException("expected a JSON object, found " + describe(root));
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isIntegralNumber() || version.asInt() != NodeReport.VERSION) {
      throw new ReportException(
          "expected \"version\": " + NodeReport.VERSION + ", found " + describe(version));
    }
    int fields = size(root, "gauges") + size(root, "counters") + size(root, "latency");
    if (fields > MAX_METRIC_FIELDS) {
      throw new ReportException(
          "expected at most "
              + MAX_METRIC_FIELDS
              + " fields in gauges, counters and latency, found "
              + fields);
    }
    JsonNode ipamd = object(root, "ipamd");
    JsonNode up = ipamd.get("up");
    if (up == null || !up.isBoolean()) {
      throw new ReportException("expected a boolean at ipamd.up, found " + describe(up));
    }
    int[] ignored = {0};
    NodeReport report =
        new NodeReport(
            text(root.get("node")),
            instant(root.get("collectedAt")),
            new IpamdStatus(
                up.booleanValue(),
                Optional.ofNullable(text(ipamd.get("error"))),
                optionalNumber(ipamd, "processStartTimeSeconds"),
                optionalNumber(ipamd, "scrapeDurationSeconds")),
            numbers(root, "gauges", GAUGES, ignored),
            numbers(root, "counters", COUNTERS, ignored),
            latencies(root, ignored),
            instance(root.get("instance")),
            enis(root.get("enis")));
    return new ParsedReport(report, ignored[0]);
  }

  /**
   * The {@code enis} section (absent from older agents: none). Its subnet ids are what the
   * aggregator asks EC2 about, so each must look like one; at most {@link Catalogue#MAX_ENIS}.
   */
  private static Map<String, Eni> enis(JsonNode enis) throws ReportException {
    Map<String, Eni> out = new LinkedHashMap<>();
    if (enis == null || enis.isNull()) {
      return out;
    }
    if (!enis.isObject()) {
      throw new ReportException("expected an object at enis, found " + describe(enis));
    }
    if (enis.size() > Catalogue.MAX_ENIS) {
      throw new ReportException(
          "expected at most " + Catalogue.MAX_ENIS + " ENIs at enis, found " + enis.size());
    }
    for (Map.Entry<String, JsonNode> e : enis.properties()) {
      if (!Eni.ENI_ID.matcher(e.getKey()).matches()) {
        throw new ReportException(
            "expected ENI ids such as eni-0a1b2c3d as the keys of enis, found "
                + describe(new com.fasterxml.jackson.databind.node.TextNode(e.getKey())));
      }
      String path = "enis." + e.getKey();
      JsonNode eni = e.getValue();
      if (!eni.isObject()) {
        throw new ReportException("expected an object at " + path + ", found " + describe(eni));
      }
      JsonNode subnet = eni.get("subnetId");
      Optional<String> subnetId = Optional.empty();
      if (subnet != null && !subnet.isNull()) {
        if (!subnet.isTextual() || !Eni.SUBNET_ID.matcher(subnet.textValue()).matches()) {
          throw new ReportException(
              "expected a subnet id such as subnet-0a1b2c3d at "
                  + path
                  + ".subnetId, found "
                  + describe(subnet));
        }
        subnetId = Optional.of(subnet.textValue());
      }
      out.put(
          e.getKey(),
          new Eni(
              subnetId,
              optionalNumber(eni, "assignedIPAddresses", path),
              optionalNumber(eni, "availableIPAddresses", path)));
    }
    return out;
  }

  private static int size(JsonNode root, String field) {
    JsonNode obj = root.get(field);
    return obj == null || !obj.isObject() ? 0 : obj.size();
  }

  private static Map<String, Double> numbers(
      JsonNode root, String field, Set<String> names, int[] ignored) throws ReportException {
    Map<String, Double> out = new LinkedHashMap<>();
    JsonNode obj = root.get(field);
    if (obj == null || obj.isNull()) {
      return out;
    }
    if (!obj.isObject()) {
      throw new ReportException("expected an object at " + field + ", found " + describe(obj));
    }
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      if (names.contains(e.getKey())) {
        out.put(e.getKey(), number(e.getValue(), field + "." + e.getKey()));
      } else {
        ignored[0]++;
      }
    }
    return out;
  }

  private static Map<String, Latency> latencies(JsonNode root, int[] ignored)
      throws ReportException {
    Map<String, Latency> out = new LinkedHashMap<>();
    JsonNode obj = root.get("latency");
    if (obj == null || obj.isNull()) {
      return out;
    }
    if (!obj.isObject()) {
      throw new ReportException("expected an object at latency, found " + describe(obj));
    }
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      if (!LATENCIES.contains(e.getKey())) {
        ignored[0]++;
        continue;
      }
      String path = "latency." + e.getKey();
      JsonNode summary = e.getValue();
      if (!summary.isObject()) {
        throw new ReportException(
            "expected {\"sum\", \"count\"} at " + path + ", found " + describe(summary));
      }
      out.put(
          e.getKey(),
          new Latency(
              number(summary.get("sum"), path + ".sum"),
              number(summary.get("count"), path + ".count")));
    }
    return out;
  }

  private static Optional<Instance> instance(JsonNode node) {
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new Instance(
            text(node.get("id")),
            text(node.get("type")),
            text(node.get("region")),
            text(node.get("availabilityZone"))));
  }

  private static JsonNode object(JsonNode root, String field) throws ReportException {
    JsonNode node = root.get(field);
    if (node == null || !node.isObject()) {
      throw new ReportException("expected an object at " + field + ", found " + describe(node));
    }
    return node;
  }

  /** When the agent read ipamd; unreadable time is no reason to drop a node's numbers. */
  private static Instant instant(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(node.textValue());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static OptionalDouble optionalNumber(JsonNode parent, String field)
      throws ReportException {
    return optionalNumber(parent, field, "ipamd");
  }

  private static OptionalDouble optionalNumber(JsonNode parent, String field, String path)
      throws ReportException {
    JsonNode node = parent.get(field);
    return node == null || node.isNull()
        ? OptionalDouble.empty()
        : OptionalDouble.of(number(node, path + "." + field));
  }

  /** A finite number from 0 to CloudWatch's largest (Jackson reads {@code 1e400} as Infinity). */
  private static double number(JsonNode node, String path) throws ReportException {
    if (node == null || !node.isNumber()) {
      throw new ReportException("expected a number at " + path + ", found " + describe(node));
    }
    double v = node.doubleValue();
    if (!Double.isFinite(v) || v < 0 || v > Catalogue.MAX_VALUE) {
      throw new ReportException(
          "expected a finite number from 0 to 2^360 at "
              + path
              + ", found "
              + (Double.isFinite(v) ? describe(node) : "a number beyond the range of a double"));
    }
    return v;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String s = node.toString();
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  private static String firstLine(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    int nl = m.indexOf('\n');
    String msg = nl < 0 ? m : m.substring(0, nl);
    return e.getLocation() == null
        ? msg
        : msg
            + " at line "
            + e.getLocation().getLineNr()
            + " column "
            + e.getLocation().getColumnNr();
  }
}
