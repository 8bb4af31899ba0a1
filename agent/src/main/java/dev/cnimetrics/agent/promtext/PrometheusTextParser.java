package dev.cnimetrics.agent.promtext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parser for the Prometheus text exposition format 0.0.4 as ipamd and Go's client write it. Pure:
 * no I/O, no shared state. Lenient where Go's parser rejects the whole scrape: a malformed line is
 * skipped and counted, so one bad line cannot hide every other metric. It never throws on any
 * input.
 *
 * <p>The client_java 1.x artifacts ship only writers for this format, hence this small parser.
 */
public final class PrometheusTextParser {

  private PrometheusTextParser() {}

  /**
   * What the parser hands each line to. {@code sample}, {@code type} and {@code help} answer null
   * or why the line is malformed; a visitor keeps only what it needs, so memory need not grow with
   * the number of samples.
   */
  public interface Visitor {
    String sample(Sample sample);

    default String type(String name, MetricType type) {
      return null;
    }

    default String help(String name, String doc) {
      return null;
    }

    void malformed(int lineNumber, String reason);

    /** True once the visitor wants no more lines (the parse stops there). */
    default boolean done() {
      return false;
    }
  }

  /** Every sample kept, with types and help: for tests and tools, not for ipamd on the node. */
  public static ParsedText parse(String text) {
    Builder out = new Builder();
    parse(text, out);
    return out.build();
  }

  public static void parse(String text, Visitor out) {
    int length = text.length();
    int start = 0;
    int lineNumber = 0;
    while (start <= length) {
      int newline = text.indexOf('\n', start);
      int end = newline < 0 ? length : newline;
      lineNumber++;
      int contentEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      String error = parseLine(new TextCursor(text, start, contentEnd), out);
      if (error != null) {
        out.malformed(lineNumber, error);
      }
      if (newline < 0 || out.done()) {
        break;
      }
      start = newline + 1;
    }
  }

  /** Parses one line into {@code out}; answers null or why the line is malformed. */
  private static String parseLine(TextCursor line, Visitor out) {
    line.skipBlanks();
    if (line.atEnd()) {
      return null;
    }
    if (line.peek() == '#') {
      line.advance();
      return parseComment(line, out);
    }
    return parseSample(line, out);
  }

  private static String parseComment(TextCursor line, Visitor out) {
    line.skipBlanks();
    String keyword = line.readToken();
    boolean help = keyword.equals("HELP");
    if (!help && !keyword.equals("TYPE")) {
      return null;
    }
    line.skipBlanks();
    if (line.atEnd()) {
      return null;
    }
    String name = line.readMetricName();
    if (name == null || !(line.atEnd() || line.atBlank())) {
      return "invalid metric name in " + keyword + " line";
    }
    line.skipBlanks();
    return help ? parseHelp(name, line, out) : parseType(name, line, out);
  }

  private static String parseHelp(String name, TextCursor line, Visitor out) {
    String doc = line.readHelpText();
    if (doc == null) {
      return "invalid escape sequence in HELP text of " + name;
    }
    return out.help(name, doc);
  }

  private static String parseType(String name, TextCursor line, Visitor out) {
    String token = line.readToken();
    line.skipBlanks();
    Optional<MetricType> type = MetricType.fromToken(token.toLowerCase(Locale.ROOT));
    if (type.isEmpty() || !line.atEnd()) {
      return "unknown metric type in TYPE line of " + name;
    }
    return out.type(name, type.get());
  }

  private static String parseSample(TextCursor line, Visitor out) {
    String name = line.readMetricName();
    if (name == null) {
      return "invalid metric name";
    }
    line.skipBlanks();
    Map<String, String> labels = Map.of();
    if (line.peek() == '{') {
      line.advance();
      labels = new HashMap<>();
      String error = parseLabels(line, labels);
      if (error != null) {
        return error;
      }
    }
    line.skipBlanks();
    if (line.atEnd()) {
      return "missing value of " + name;
    }
    if (!line.readValue()) {
      return "invalid value of " + name;
    }
    double value = line.value();
    line.skipBlanks();
    OptionalLong timestamp = OptionalLong.empty();
    if (!line.atEnd()) {
      if (!line.readTimestamp()) {
        return "invalid timestamp of " + name;
      }
      timestamp = OptionalLong.of(line.timestamp());
      line.skipBlanks();
      if (!line.atEnd()) {
        return "unexpected text after the timestamp of " + name;
      }
    }
    return out.sample(new Sample(name, labels, value, timestamp));
  }

  private static String parseLabels(TextCursor line, Map<String, String> labels) {
    while (true) {
      line.skipBlanks();
      if (line.peek() == '}') {
        line.advance();
        return null;
      }
      String labelName = line.readLabelName();
      if (labelName == null) {
        return "invalid label name";
      }
      line.skipBlanks();
      if (line.peek() != '=') {
        return "expected '=' after label " + labelName;
      }
      line.advance();
      line.skipBlanks();
      if (line.peek() != '"') {
        return "expected '\"' to open the value of label " + labelName;
      }
      line.advance();
      String labelValue = line.readLabelValue();
      if (labelValue == null) {
        return "invalid escape or missing closing quote in the value of label " + labelName;
      }
      if (labels.put(labelName, labelValue) != null) {
        return "duplicate label " + labelName;
      }
      line.skipBlanks();
      int next = line.peek();
      line.advance();
      if (next == '}') {
        return null;
      }
      if (next != ',') {
        return "expected ',' or '}' after the value of label " + labelName;
      }
    }
  }

  /** Counts malformed lines and keeps the first reason, cut short for one log line. */
  public static class MalformedLines {
    private static final int MAX_ERROR = 200;
    private int malformedLines;
    private String firstError;

    public void malformed(int lineNumber, String reason) {
      malformedLines++;
      if (firstError == null) {
        // Names in reasons come from the input; cap them so one log line stays one short line.
        String error = "line " + lineNumber + ": " + reason;
        firstError = error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR) + "...";
      }
    }

    public int count() {
      return malformedLines;
    }

    public Optional<String> first() {
      return Optional.ofNullable(firstError);
    }
  }

  private static final class Builder implements Visitor {
    final List<Sample> samples = new ArrayList<>();
    final Set<String> sampleNames = new HashSet<>();
    final Map<String, MetricType> types = new HashMap<>();
    final Map<String, String> help = new HashMap<>();
    final MalformedLines malformed = new MalformedLines();

    @Override
    public String sample(Sample sample) {
      samples.add(sample);
      sampleNames.add(sample.name());
      return null;
    }

    @Override
    public String type(String name, MetricType type) {
      if (sampleNames.contains(name)) {
        return "TYPE line for " + name + " after its samples";
      }
      if (types.putIfAbsent(name, type) != null) {
        return "second TYPE line for " + name;
      }
      return null;
    }

    @Override
    public String help(String name, String doc) {
      if (help.putIfAbsent(name, doc) != null) {
        return "second HELP line for " + name;
      }
      return null;
    }

    @Override
    public void malformed(int lineNumber, String reason) {
      malformed.malformed(lineNumber, reason);
    }

    ParsedText build() {
      return new ParsedText(samples, types, help, malformed.count(), malformed.first());
    }
  }
}
