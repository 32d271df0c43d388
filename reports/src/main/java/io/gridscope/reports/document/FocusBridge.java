package io.gridscope.reports.document;

import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.focus.FocusExport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.DoubleConsumer;

/**
 * Writes the FOCUS export of a cost report ({@link FocusExport}): the spec's period, currency and filter, a row per
 * resource per hour or per day as {@link ExportOptions#focusHourly()} says, the organisation as the options name it
 * ("On-premises" by default).
 */
final class FocusBridge {
    private FocusBridge() {}

    record Written(long rows, java.util.List<String> warnings) {}

    static Written write(
            AccountingEngine engine, ReportSpec spec, ExportOptions options, OutputStream out, DoubleConsumer progress)
            throws IOException {
        FocusExport.Summary s = new FocusExport(
                        engine,
                        options.organisation()
                                .map(FocusExport.Options::organisation)
                                .orElseGet(FocusExport.Options::defaults))
                .write(
                        spec.request(),
                        options.focusHourly() ? FocusExport.Granularity.HOUR : FocusExport.Granularity.DAY,
                        out,
                        progress);
        return new Written(s.rows(), s.report().methodology().warnings());
    }
}
