package dev.cnimetrics.report;

/**
 * A report as {@link ReportParser} read it.
 *
 * @param ignoredKeys metric fields the report carried outside the catalogue (not in {@code report})
 */
public record ParsedReport(NodeReport report, int ignoredKeys) {}
