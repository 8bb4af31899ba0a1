package dev.cnimetrics.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Writes a {@link NodeReport} as the version-1 JSON document, fields in the contract's order.
 * Written field by field rather than by reflection so the wire format cannot drift with a record
 * change; {@link ReportParser} reads exactly this.
 */
public final class ReportWriter {

  private static final JsonFactory JSON = new JsonFactory();

  private ReportWriter() {}

  /**
   * {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in UTC (years 0 to 9999), written out by hand: a
   * DateTimeFormatter would load ~40 java.time.format classes into every agent for this one field.
   */
  static String utcMillis(Instant t) {
    LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(24);
    digits(sb, d.getYear(), 4).append('-');
    digits(sb, d.getMonthValue(), 2).append('-');
    digits(sb, d.getDayOfMonth(), 2).append('T');
    digits(sb, d.getHour(), 2).append(':');
    digits(sb, d.getMinute(), 2).append(':');
    digits(sb, d.getSecond(), 2).append('.');
    return digits(sb, d.getNano() / 1_000_000, 3).append('Z').toString();
  }

  private static StringBuilder digits(StringBuilder sb, int value, int width) {
    String v = Integer.toString(value);
    for (int i = v.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(v);
  }

  public static String write(NodeReport report) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
      IpamdStatus ipamd = report.ipamd();
      g.writeStartObject();
      g.writeNumberField("version", NodeReport.VERSION);
      g.writeStringField("node", report.node());
      g.writeStringField(
          "collectedAt", report.collectedAt() == null ? null : utcMillis(report.collectedAt()));
      g.writeObjectFieldStart("ipamd");
      g.writeBooleanField("up", ipamd.up());
      g.writeStringField("error", ipamd.error().orElse(null));
      writeOptional(g, "processStartTimeSeconds", ipamd.processStartTimeSeconds());
      writeOptional(g, "scrapeDurationSeconds", ipamd.scrapeDurationSeconds());
      g.writeEndObject();
      writeNumbers(g, "gauges", report.gauges());
      writeNumbers(g, "counters", report.counters());
      g.writeObjectFieldStart("latency");
      for (Map.Entry<String, Latency> e : report.latency().entrySet()) {
        g.writeObjectFieldStart(e.getKey());
        g.writeNumberField("sum", e.getValue().sum());
        g.writeNumberField("count", e.getValue().count());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeObjectFieldStart("enis");
      for (Map.Entry<String, Eni> e : report.enis().entrySet()) {
        g.writeObjectFieldStart(e.getKey());
        g.writeStringField("subnetId", e.getValue().subnetId().orElse(null));
        if (e.getValue().assignedIPAddresses().isPresent()) {
          g.writeNumberField(
              "assignedIPAddresses", e.getValue().assignedIPAddresses().getAsDouble());
        }
        if (e.getValue().availableIPAddresses().isPresent()) {
          g.writeNumberField(
              "availableIPAddresses", e.getValue().availableIPAddresses().getAsDouble());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      Optional<Instance> instance = report.instance();
      if (instance.isPresent()) {
        Instance m = instance.get();
        g.writeObjectFieldStart("instance");
        g.writeStringField("id", m.id());
        g.writeStringField("type", m.type());
        g.writeStringField("region", m.region());
        g.writeStringField("availabilityZone", m.availabilityZone());
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      // A StringWriter does not fail; Jackson declares the exception for other sinks.
      throw new UncheckedIOException(e);
    }
    return out.append('\n').toString();
  }

  private static void writeOptional(JsonGenerator g, String name, OptionalDouble value)
      throws IOException {
    if (value.isPresent()) {
      g.writeNumberField(name, value.getAsDouble());
    } else {
      g.writeNullField(name);
    }
  }

  private static void writeNumbers(JsonGenerator g, String name, Map<String, Double> values)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, Double> e : values.entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}
