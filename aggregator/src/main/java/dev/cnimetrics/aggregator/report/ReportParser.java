package dev.cnimetrics.aggregator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the bytes of an agent's {@code /v1/report} into a {@link NodeReport}. Pure: a bad report
 * yields one line saying what was expected and what was found; unknown fields are ignored so newer
 * agents keep working.
 */
public final class ReportParser {
  public static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportParser() {}

  /** The parsed report, or {@link ReportException} with a one-line reason. */
  public static NodeReport parse(byte[] body) throws ReportException {
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
    if (version == null || !version.isIntegralNumber() || version.asInt() != VERSION) {
      throw new ReportException(
          "expected \"version\": " + VERSION + ", found " + describe(version));
    }
    JsonNode ipamd = object(root, "ipamd");
    JsonNode up = ipamd.get("up");
    if (up == null || !up.isBoolean()) {
      throw new ReportException("expected a boolean at ipamd.up, found " + describe(up));
    }
    return new NodeReport(
        text(root.get("node")),
        up.booleanValue(),
        text(ipamd.get("error")),
        optionalNumber(ipamd, "processStartTimeSeconds"),
        numbers(root, "gauges"),
        numbers(root, "counters"),
        latencies(root),
        instance(root.get("instance")));
  }

  private static Map<String, Double> numbers(JsonNode root, String field) throws ReportException {
    Map<String, Double> out = new LinkedHashMap<>();
    JsonNode obj = root.get(field);
    if (obj == null || obj.isNull()) {
      return out;
    }
    if (!obj.isObject()) {
      throw new ReportException("expected an object at " + field + ", found " + describe(obj));
    }
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      out.put(e.getKey(), number(e.getValue(), field + "." + e.getKey()));
    }
    return out;
  }

  private static Map<String, Latency> latencies(JsonNode root) throws ReportException {
    Map<String, Latency> out = new LinkedHashMap<>();
    JsonNode obj = root.get("latency");
    if (obj == null || obj.isNull()) {
      return out;
    }
    if (!obj.isObject()) {
      throw new ReportException("expected an object at latency, found " + describe(obj));
    }
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
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

  private static Instance instance(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    return new Instance(
        text(node.get("id")),
        text(node.get("type")),
        text(node.get("region")),
        text(node.get("availabilityZone")));
  }

  private static JsonNode object(JsonNode root, String field) throws ReportException {
    JsonNode node = root.get(field);
    if (node == null || !node.isObject()) {
      throw new ReportException("expected an object at " + field + ", found " + describe(node));
    }
    return node;
  }

  private static Double optionalNumber(JsonNode parent, String field) throws ReportException {
    JsonNode node = parent.get(field);
    return node == null || node.isNull() ? null : number(node, "ipamd." + field);
  }

  private static double number(JsonNode node, String path) throws ReportException {
    if (node == null || !node.isNumber()) {
      throw new ReportException("expected a number at " + path + ", found " + describe(node));
    }
    return node.doubleValue();
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
