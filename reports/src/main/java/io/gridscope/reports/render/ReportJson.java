package io.gridscope.reports.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.DailyPoint;
import io.gridscope.reports.accounting.Methodology;
import io.gridscope.reports.accounting.ReportRow;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/** JSON: figures as decimal strings (never binary floating point), the daily points and the methodology. */
final class ReportJson {
    private ReportJson() {}

    static void write(AccountingReport report, Appendable out) throws IOException {
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(sw)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("from", report.request().from().toString());
            g.writeStringField("to", report.request().to().toString());
            g.writeStringField("group_by", report.request().groupBy().label());
            g.writeStringField("currency", report.request().currency().getCurrencyCode());
            if (report.request().filter().isPresent()) {
                g.writeStringField(
                        "filter",
                        report.request().filter().get().by().label() + "="
                                + report.request().filter().get().value());
            }
            g.writeArrayFieldStart("rows");
            for (ReportRow r : report.rows()) {
                row(g, r);
            }
            g.writeEndArray();
            g.writeFieldName("total");
            row(g, report.total());
            g.writeArrayFieldStart("daily");
            for (DailyPoint d : report.daily()) {
                g.writeStartObject();
                g.writeStringField("day", d.day().toString());
                g.writeStringField("group", d.group());
                g.writeStringField("cost", d.cost().rounded().toPlainString());
                g.writeStringField("it_kwh", Cells.kwh(d.itKwh()));
                g.writeStringField(
                        "operational_kgco2e", Cells.kg(d.operationalGrams().movePointLeft(3)));
                g.writeStringField("embodied_kgco2e", Cells.kg(d.embodiedGrams().movePointLeft(3)));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("methodology");
            for (Methodology.Section s : report.methodology().sections()) {
                g.writeArrayFieldStart(s.title());
                for (String line : s.lines()) {
                    g.writeString(line);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        out.append(sw.toString()).append('\n');
    }

    private static void row(JsonGenerator g, ReportRow r) throws IOException {
        List<String> c = Cells.of(r);
        g.writeStartObject();
        for (int i = 0; i < Cells.HEADER.size(); i++) {
            if (!c.get(i).isEmpty()) {
                g.writeStringField(Cells.HEADER.get(i), c.get(i));
            }
        }
        if (r.budget().isPresent()) {
            g.writeStringField("budget_forecast_method", r.budget().get().forecastMethod());
        }
        g.writeEndObject();
    }
}
