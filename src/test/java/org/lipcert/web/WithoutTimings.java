package org.lipcert.web;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Removes wall-clock fields ({@code millis}) from a report, so that numbers can be compared. */
final class WithoutTimings {

  private WithoutTimings() {}

  /** Returns a copy of {@code node} without any {@code millis} property, at any depth. */
  static JsonNode of(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("millis");
      object.values().forEach(WithoutTimings::strip);
    } else if (node instanceof ArrayNode array) {
      array.values().forEach(WithoutTimings::strip);
    }
  }
}
