package org.lipcert.io.report;

/**
 * Text taken from the model (its name, layer names, operation types) made safe to embed in a
 * report: a model must not be able to forge lines of a report, nor make an XML or JSON document
 * invalid.
 */
final class ReportText {

  private ReportText() {}

  /**
   * Returns {@code value} with every character that could break a line or a document replaced by
   * {@code ?}: control characters (line breaks, tabs, escape sequences), unpaired surrogates, and
   * the non-characters {@code U+FFFE}, {@code U+FFFF}, none of which XML 1.0 admits.
   *
   * @param value the text, or {@code null}
   * @return the safe text; {@code -} for {@code null}
   */
  static String plain(String value) {
    if (value == null) {
      return "-";
    }
    StringBuilder clean = new StringBuilder(value.length());
    value
        .codePoints()
        .forEach(
            c ->
                clean.appendCodePoint(
                    Character.isISOControl(c)
                            || c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE
                            || c == 0xFFFE
                            || c == 0xFFFF
                        ? '?'
                        : c));
    return clean.toString();
  }
}
