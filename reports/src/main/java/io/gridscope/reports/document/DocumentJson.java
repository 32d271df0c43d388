package io.gridscope.reports.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gridscope.reports.accounting.Methodology;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

/**
 * JSON: every key figure, table, chart and the methodology; numbers as decimal strings (never binary floating
 * point), a gap as null with its reason under the row's {@code gaps}.
 */
final class DocumentJson {
    private DocumentJson() {}

    static void write(ReportDocument doc, OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory()
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .createGenerator(out, com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("kind", doc.kind().id());
            g.writeStringField("title", doc.title());
            g.writeObjectFieldStart("period");
            g.writeStringField("label", doc.periodLabel());
            g.writeStringField("from", doc.from().toString());
            g.writeStringField("to", doc.to().toString());
            g.writeStringField("time_zone", doc.zone().getId());
            g.writeEndObject();
            g.writeStringField("scope", doc.scope());
            g.writeStringField("generated_at", doc.generatedAt().toString());
            g.writeArrayFieldStart("notices");
            for (String n : doc.notices()) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("key_figures");
            for (KeyFigure k : doc.keyFigures()) {
                g.writeStartObject();
                g.writeStringField("key", k.key());
                g.writeStringField("label", k.label());
                g.writeStringField("unit", k.column().unit());
                value(g, "value", k.value());
                if (k.value() instanceof Value.Missing m) {
                    g.writeStringField("missing", m.why());
                }
                g.writeStringField("note", k.note());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tables");
            for (Table t : doc.tables()) {
                table(g, t);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("charts");
            for (Chart c : doc.charts()) {
                chart(g, c);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("methodology");
            for (Methodology.Section s : doc.methodology().sections()) {
                g.writeArrayFieldStart(s.title());
                for (String line : s.lines()) {
                    g.writeString(line);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    private static void table(JsonGenerator g, Table t) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", t.id());
        g.writeStringField("title", t.title());
        g.writeStringField("description", t.description());
        g.writeArrayFieldStart("columns");
        for (Column c : t.columns()) {
            g.writeStartObject();
            g.writeStringField("key", c.key());
            g.writeStringField("label", c.label());
            g.writeStringField("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("unit", c.unit());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rows");
        for (List<Value> r : t.rows()) {
            row(g, t.columns(), r);
        }
        g.writeEndArray();
        if (t.total().isPresent()) {
            g.writeFieldName("total");
            row(g, t.columns(), t.total().get());
        }
        g.writeEndObject();
    }

    private static void row(JsonGenerator g, List<Column> columns, List<Value> r) throws IOException {
        g.writeStartObject();
        boolean gaps = false;
        for (int i = 0; i < columns.size(); i++) {
            value(g, columns.get(i).key(), r.get(i));
            gaps |= r.get(i) instanceof Value.Missing;
        }
        if (gaps) {
            g.writeObjectFieldStart("gaps");
            for (int i = 0; i < columns.size(); i++) {
                if (r.get(i) instanceof Value.Missing m) {
                    g.writeStringField(columns.get(i).key(), m.why());
                }
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void value(JsonGenerator g, String field, Value v) throws IOException {
        if (v instanceof Value.Missing) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, v.plain());
        }
    }

    private static void chart(JsonGenerator g, Chart c) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("type", c.type().name().toLowerCase(java.util.Locale.ROOT));
        g.writeStringField("title", c.title());
        g.writeStringField("unit", c.unit());
        g.writeArrayFieldStart("x");
        for (String x : c.xLabels()) {
            g.writeString(x);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("series");
        for (Chart.Series s : c.series()) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeBooleanField("dashed", s.dashed());
            g.writeArrayFieldStart("values");
            for (BigDecimal v : s.values()) {
                if (v == null) {
                    g.writeNull();
                } else {
                    g.writeString(v.toPlainString());
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        if (c.limit().isPresent()) {
            g.writeObjectFieldStart("limit");
            g.writeStringField("label", c.limit().get().label());
            g.writeStringField("value", c.limit().get().value().toPlainString());
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
