package io.gridscope.reports.document;

import io.gridscope.reports.accounting.AccountingEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.DoubleConsumer;

/** Writes the FOCUS export of a cost report. */
final class FocusBridge {
    private FocusBridge() {}

    record Written(long rows) {}

    static Written write(
            AccountingEngine engine, ReportSpec spec, ExportOptions options, OutputStream out, DoubleConsumer progress)
            throws IOException {
        throw new UnsupportedOperationException("FOCUS is not written yet");
    }
}
