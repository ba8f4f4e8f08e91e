package org.lipcert.io.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The human-readable forms of the advice reports ({@link ImpliedBoundReport}, {@link
 * ProjectionReport}), in the style of {@link TextReportWriter}: bounds rounded up, thresholds and
 * factors down, names stripped of control characters.
 */
public final class AdviceText {

  private AdviceText() {}

  /**
   * Renders an implied bound.
   *
   * @param report the report
   * @return the lines, each ending with {@code \n}
   */
  public static String render(ImpliedBoundReport report) {
    StringBuilder text = new StringBuilder();
    text.append("model    ")
        .append(TextReportWriter.safe(report.model().name()))
        .append(" (")
        .append(TextReportWriter.safe(report.model().format()))
        .append(", sha256 ")
        .append(report.model().sha256())
        .append(")\n");
    text.append("implied  ")
        .append(BoundDecimals.up(report.bound()))
        .append(
            report.clip() == null
                ? ": certified bound for any weights clipped as listed"
                : ": certified bound for any weights clipped at "
                    + BoundDecimals.nearest(report.clip()))
        .append('\n');
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"layer", "op", "clip", "gain", "constant"});
    for (ImpliedBoundReport.Layer layer : report.layers()) {
      rows.add(
          new String[] {
            TextReportWriter.safe(layer.name()),
            TextReportWriter.safe(layer.opType()),
            layer.clip() == null ? "- (as uploaded)" : BoundDecimals.nearest(layer.clip()),
            layer.gain() == null ? "-" : BoundDecimals.up(layer.gain()),
            BoundDecimals.up(layer.constant())
          });
    }
    text.append('\n');
    TextReportWriter.table(text, rows);
    return text.toString();
  }

  /**
   * Renders a projection.
   *
   * @param report the report
   * @param output where the projected model was written
   * @return the lines, each ending with {@code \n}
   */
  public static String render(ProjectionReport report, String output) {
    StringBuilder text = new StringBuilder();
    text.append("model    ")
        .append(TextReportWriter.safe(report.model().name()))
        .append(" (")
        .append(TextReportWriter.safe(report.model().format()))
        .append(")\n");
    text.append("target   ")
        .append(BoundDecimals.nearest(report.target()))
        .append(", mode ")
        .append(report.mode())
        .append(", ")
        .append(report.policy())
        .append(" budgets\n");
    text.append("before   upper bound ")
        .append(BoundDecimals.up(report.originalUpperBound()))
        .append(", lower bound ")
        .append(BoundDecimals.down(report.originalLowerBound()))
        .append('\n');
    text.append("after    upper bound ")
        .append(BoundDecimals.up(report.upperBound()))
        .append(" <= K, lower bound ")
        .append(BoundDecimals.down(report.lowerBound()))
        .append(" (re-certified from the written file)\n");
    if (report.changes().isEmpty()) {
      text.append("changes  none: the model is already certified within K\n");
    } else {
      text.append('\n');
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"layer", "change"});
      for (ProjectionReport.Change change : report.changes()) {
        rows.add(
            new String[] {
              TextReportWriter.safe(change.layer()),
              change.change().equals("scale")
                  ? "w <- " + BoundDecimals.down(change.value()) + " * w"
                  : "w <- clamp(w, +-" + BoundDecimals.exact(change.value()) + ")"
            });
      }
      TextReportWriter.table(text, rows);
      text.append('\n');
    }
    text.append("written  ")
        .append(TextReportWriter.safe(output))
        .append(" (sha256 ")
        .append(report.sha256())
        .append(")\n");
    return text.toString();
  }
}
