package dev.cnimetrics.cri.info;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as plain Java values, read with Jackson's streaming parser: objects are {@code
 * Map<String, Object>} (in document order), arrays {@code List<Object>}, strings {@code String},
 * numbers {@code Long}, {@code BigInteger} or {@code Double}, booleans {@code Boolean}, JSON null
 * {@code null}. The agent reads a few fields of one small document per new pod sandbox; Jackson's
 * databind (~330 more classes resident in every agent) did the same with a tree model.
 */
final class JsonValues {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** Marks an empty document (no value at all), told apart from a JSON {@code null}. */
  static final Object NOTHING = new Object();

  private JsonValues() {}

  /** The first value of the text ({@link #NOTHING} for an empty text); what follows is ignored. */
  static Object parse(String text) throws IOException {
    try (JsonParser p = FACTORY.createParser(text)) {
      return p.nextToken() == null ? NOTHING : value(p);
    }
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT:
        Map<String, Object> object = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          object.put(name, value(p));
        }
        return object;
      case START_ARRAY:
        List<Object> array = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(p));
        }
        return array;
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? p.getBigIntegerValue()
            : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + t);
    }
  }

  /** The value as compact JSON text (what error messages quote). */
  static String text(Object value) {
    if (value == NOTHING) {
      return "";
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string", e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        write(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Double d) {
      g.writeNumber(d);
    } else if (value instanceof java.math.BigInteger b) {
      g.writeNumber(b);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeNull();
    }
  }
}
