package org.lipcert.io.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.MalformedModelException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.io.ContentReference;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * Streams a JSON document into a light tree: objects become {@link LinkedHashMap}s, arrays of
 * numbers (nested to any depth, rectangular) become {@link NumericArray}s, other arrays {@link
 * List}s, and scalars {@link String}, {@link Double}, {@link Boolean} or {@code null}.
 *
 * <p>Non-finite numbers ({@code NaN}, {@code Infinity} and literals such as {@code 1e400} that
 * overflow float64) are rejected with their path. Duplicate keys are rejected. The factory's {@link
 * StreamReadConstraints} enforce the {@link JsonReadLimits}.
 */
final class JsonTreeReader {

  private final JsonFactory factory;

  JsonTreeReader(JsonReadLimits limits) {
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxDocumentLength(limits.maxDocumentBytes())
            .maxNestingDepth(limits.maxNestingDepth())
            .maxNumberLength(limits.maxNumberLength())
            .maxStringLength(limits.maxStringLength())
            .build();
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(constraints)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
  }

  /**
   * Parses a complete document.
   *
   * @param bytes UTF-8 JSON
   * @return the root value
   * @throws MalformedModelException on a syntax error or a violated limit, with line and column
   * @throws InvalidModelException on a non-finite number or a ragged numeric array, with its path
   */
  Object read(byte[] bytes) {
    try (JsonParser parser = factory.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new MalformedModelException("the JSON document is empty", null);
      }
      Object root = readValue(parser, "");
      if (parser.nextToken() != null) {
        throw malformed(parser, "unexpected content after the end of the JSON document", null);
      }
      return root;
    } catch (StreamConstraintsException e) {
      throw new MalformedModelException(
          "the JSON document exceeds a reader limit: " + e.getOriginalMessage(), e);
    } catch (JacksonException e) {
      TokenStreamLocation location = e.getLocation();
      String where =
          location == null
              ? ""
              : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      throw new MalformedModelException("malformed JSON" + where + ": " + reason(e), e);
    }
  }

  /**
   * Returns Jackson's message without its "(… at [Source: REDACTED …])" tail, which says nothing
   * with source inclusion disabled; where the open array or object started is given instead.
   */
  private static String reason(JacksonException e) {
    String message = e.getOriginalMessage();
    int source = message.indexOf("[Source: ");
    if (source < 0) {
      return message;
    }
    int paren = message.lastIndexOf(" (", source);
    message = message.substring(0, paren >= 0 ? paren : source).stripTrailing();
    if (e.processor() instanceof JsonParser parser) {
      TokenStreamContext open = parser.streamReadContext();
      if (open != null && (open.inArray() || open.inObject())) {
        TokenStreamLocation start = open.startLocation(ContentReference.unknown());
        message +=
            " (the "
                + (open.inArray() ? "array" : "object")
                + " opened at line "
                + start.getLineNr()
                + ", column "
                + start.getColumnNr()
                + ")";
      }
    }
    return message;
  }

  private Object readValue(JsonParser parser, String path) {
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> readObject(parser, path);
      case START_ARRAY -> readArray(parser, path);
      case VALUE_STRING -> parser.getString();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser, path);
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw malformed(parser, "unexpected token " + token, null);
    };
  }

  private Map<String, Object> readObject(JsonParser parser, String path) {
    Map<String, Object> object = new LinkedHashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
      if (token != JsonToken.PROPERTY_NAME) {
        throw malformed(parser, "expected a property name", null);
      }
      String name = parser.currentName();
      parser.nextToken();
      object.put(name, readValue(parser, path.isEmpty() ? name : path + "." + name));
    }
    return object;
  }

  private Object readArray(JsonParser parser, String path) {
    JsonToken first = parser.nextToken();
    if (first == JsonToken.END_ARRAY) {
      return List.of();
    }
    if (first.isNumeric() || first == JsonToken.START_ARRAY) {
      DoubleBuffer buffer = new DoubleBuffer();
      int[] shape = readNumericTail(parser, path, buffer);
      return new NumericArray(displayPath(path), shape, buffer.toArray());
    }
    List<Object> list = new ArrayList<>();
    int index = 0;
    for (JsonToken token = first; token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      list.add(readValue(parser, path + "[" + index++ + "]"));
    }
    return list;
  }

  /**
   * Reads the rest of a numeric array whose first element is the current token; returns its shape
   * and appends its entries row-major.
   */
  private int[] readNumericTail(JsonParser parser, String path, DoubleBuffer buffer) {
    int count = 0;
    int[] childShape = null;
    boolean leaf = false;
    for (JsonToken token = parser.currentToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      String element = path + "[" + count + "]";
      if (token.isNumeric()) {
        if (childShape != null) {
          throw new InvalidModelException(
              displayPath(element) + ": expected an array like its siblings, got a number");
        }
        leaf = true;
        buffer.add(number(parser, element));
      } else if (token == JsonToken.START_ARRAY) {
        if (leaf) {
          throw new InvalidModelException(
              displayPath(element) + ": expected a number like its siblings, got an array");
        }
        int[] shape;
        if (parser.nextToken() == JsonToken.END_ARRAY) {
          shape = new int[] {0};
        } else {
          shape = readNumericTail(parser, element, buffer);
        }
        if (childShape == null) {
          childShape = shape;
        } else if (!Arrays.equals(childShape, shape)) {
          throw new InvalidModelException(
              displayPath(path)
                  + " is ragged: "
                  + displayPath(element)
                  + " has shape "
                  + Arrays.toString(shape)
                  + " but "
                  + displayPath(path + "[0]")
                  + " has shape "
                  + Arrays.toString(childShape));
        }
      } else {
        throw new InvalidModelException(
            displayPath(element) + ": expected a number, got " + describe(token));
      }
      count++;
    }
    if (leaf || childShape == null) {
      return new int[] {count};
    }
    int[] shape = new int[childShape.length + 1];
    shape[0] = count;
    System.arraycopy(childShape, 0, shape, 1, childShape.length);
    return shape;
  }

  private static double number(JsonParser parser, String path) {
    double value = parser.getDoubleValue();
    if (!Double.isFinite(value)) {
      String literal = parser.getString();
      throw new InvalidModelException(
          displayPath(path)
              + " is "
              + literal
              + (Double.isNaN(value) || literal.contains("Inf")
                  ? ""
                  : " (beyond the float64 range)")
              + "; numbers must be finite");
    }
    return value;
  }

  private static String displayPath(String path) {
    return path.isEmpty() ? "the document" : path;
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT -> "an object";
      default -> token.toString();
    };
  }

  private static MalformedModelException malformed(
      JsonParser parser, String message, Throwable cause) {
    TokenStreamLocation location = parser.currentTokenLocation();
    return new MalformedModelException(
        "malformed JSON at line "
            + location.getLineNr()
            + ", column "
            + location.getColumnNr()
            + ": "
            + message,
        cause);
  }

  /** A growable primitive array, so that a million weights cost 8 MB and not 16 MB of boxes. */
  private static final class DoubleBuffer {
    private double[] data = new double[16];
    private int size;

    void add(double value) {
      if (size == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[size++] = value;
    }

    double[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
