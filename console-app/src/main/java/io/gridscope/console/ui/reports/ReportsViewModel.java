package io.gridscope.console.ui.reports;

import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.ReportsService.ExportOutcome;
import io.gridscope.console.app.ReportsService.Job;
import io.gridscope.console.app.ReportsService.PreviewOutcome;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.console.ui.accounting.ReportViewModel;
import io.gridscope.console.ui.format.Formats;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.document.ExportFormat;
import io.gridscope.reports.document.ExportOptions;
import io.gridscope.reports.document.Paper;
import io.gridscope.reports.document.ReportDocument;
import io.gridscope.reports.document.ReportKind;
import io.gridscope.reports.document.ReportSpec;
import io.gridscope.reports.document.Value;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the Reports page builds and how the user chose it: the report's kind, its period (this month, last month, a
 * month, a quarter, custom days), the grouping (cost reports), an optional drill-down filter, the currency, and how an
 * export is written (PDF paper, FOCUS charge period). A preview builds the report's document off the FX thread and
 * shows it whole; an export builds it again and writes it, and the preview then shows what was written, so that what
 * the page shows is what the file holds. One job at a time: a new preview or export cancels the one still running.
 * Errors are shown, never swallowed. The choices are remembered in the settings under {@code reports.*}. FX thread
 * only; no scene needed.
 */
public final class ReportsViewModel {
    /** What runs now. */
    public enum Running {
        NONE,
        PREVIEW,
        EXPORT
    }

    /** The choices a document was built from: when they change, the preview no longer shows them. */
    private record Choices(
            ReportKind kind,
            ReportsPeriod period,
            int year,
            Month month,
            int quarter,
            LocalDate first,
            LocalDate last,
            GroupBy groupBy,
            GroupBy filterBy,
            String filterValue,
            String currency) {}

    private static final String PREFIX = "reports.";

    private final ReportsActions actions;
    private final Clock clock;
    private final UiSettings remembered;

    private final ObjectProperty<ReportKind> kind = new SimpleObjectProperty<>(this, "kind", ReportKind.COST);
    private final ObjectProperty<ReportsPeriod> period =
            new SimpleObjectProperty<>(this, "period", ReportsPeriod.LAST_MONTH);
    private final ObjectProperty<Integer> year = new SimpleObjectProperty<>(this, "year");
    private final ObjectProperty<Month> month = new SimpleObjectProperty<>(this, "month");
    private final ObjectProperty<Integer> quarter = new SimpleObjectProperty<>(this, "quarter");
    private final ObjectProperty<LocalDate> firstDay = new SimpleObjectProperty<>(this, "firstDay");
    private final ObjectProperty<LocalDate> lastDay = new SimpleObjectProperty<>(this, "lastDay");
    private final ObjectProperty<GroupBy> groupBy = new SimpleObjectProperty<>(this, "groupBy", GroupBy.TEAM);
    private final ObjectProperty<GroupBy> filterBy = new SimpleObjectProperty<>(this, "filterBy");
    private final StringProperty filterValue = new SimpleStringProperty(this, "filterValue", "");
    private final StringProperty currency = new SimpleStringProperty(this, "currency", "");
    private final ObjectProperty<Paper> paper = new SimpleObjectProperty<>(this, "paper", Paper.A4);
    private final BooleanProperty focusHourly = new SimpleBooleanProperty(this, "focusHourly", false);
    private final ObjectProperty<ExportFormat> format = new SimpleObjectProperty<>(this, "format", ExportFormat.CSV);

    private final ObservableList<String> filterValues = FXCollections.observableArrayList();
    private final ObservableList<String> currencies = FXCollections.observableArrayList();
    private final Map<GroupBy, List<String>> groupsSeen = new EnumMap<>(GroupBy.class);

    private final ReadOnlyObjectWrapper<ReportDocument> document = new ReadOnlyObjectWrapper<>(this, "document");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper configNotice = new ReadOnlyStringWrapper(this, "configNotice", "");
    private final ReadOnlyStringWrapper defaultCurrency = new ReadOnlyStringWrapper(this, "defaultCurrency", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyObjectWrapper<Running> running = new ReadOnlyObjectWrapper<>(this, "running", Running.NONE);
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(this, "stale", false);
    private final ReadOnlyStringWrapper exportMessage = new ReadOnlyStringWrapper(this, "exportMessage", "");
    private final ReadOnlyBooleanWrapper exportFailed = new ReadOnlyBooleanWrapper(this, "exportFailed", false);
    private final ReadOnlyStringWrapper exportFolder = new ReadOnlyStringWrapper(this, "exportFolder", "");

    private Choices shown;
    private Job job;
    private long generation;
    private boolean wanted;

    /**
     * @param clock what "now" is (the period never runs beyond it)
     * @param remembered where the choices are kept between runs, under {@code reports.*}: read here, written as they
     *     change (in memory; the console writes its settings off the FX thread); null to remember nothing
     */
    public ReportsViewModel(ReportsActions actions, Clock clock, UiSettings remembered) {
        this.actions = Objects.requireNonNull(actions);
        this.clock = Objects.requireNonNull(clock);
        this.remembered = remembered;
        YearMonth last = YearMonth.now(clock.withZone(ZoneId.systemDefault())).minusMonths(1);
        year.set(last.getYear());
        month.set(last.getMonth());
        quarter.set(ReportsPeriod.quarterOf(last.getMonth()));
        if (remembered != null) {
            restore(remembered);
        }
        if (period.get() == ReportsPeriod.CUSTOM && (firstDay.get() == null || lastDay.get() == null)) {
            firstDay.set(last.atDay(1));
            lastDay.set(last.atEndOfMonth());
        }
        period.addListener((o, a, p) -> {
            if (p == ReportsPeriod.CUSTOM && (firstDay.get() == null || lastDay.get() == null)) {
                ZoneId zone = zone();
                LocalDate today = clock.instant().atZone(zone).toLocalDate();
                firstDay.set(today.withDayOfMonth(1));
                lastDay.set(today);
            }
        });
        Observable[] choices = {
            kind, period, year, month, quarter, firstDay, lastDay, groupBy, filterBy, filterValue, currency
        };
        for (Observable c : choices) {
            c.addListener(o -> stale.set(shown != null && !shown.equals(choices())));
        }
        if (remembered != null) {
            for (Observable c : choices) {
                c.addListener(o -> store());
            }
            paper.addListener(o -> store());
            focusHourly.addListener(o -> store());
            format.addListener(o -> store());
        }
        filterBy.addListener(o -> showFilterValues());
        configChanged(actions.configState().get());
        actions.configState().addListener((o, a, s) -> {
            configChanged(s);
            if (wanted && document.get() == null && running.get() == Running.NONE) {
                preview();
            }
        });
    }

    // ------------------------------------------------------------------------------------------- remembered

    private void restore(UiSettings s) {
        read(s, "kind", ReportKind::valueOf).ifPresent(kind::set);
        read(s, "period", ReportsPeriod::valueOf).ifPresent(period::set);
        read(s, "year", Integer::valueOf).ifPresent(year::set);
        read(s, "month", Month::valueOf).ifPresent(month::set);
        read(s, "quarter", Integer::valueOf).filter(q -> q >= 1 && q <= 4).ifPresent(quarter::set);
        read(s, "from", LocalDate::parse).ifPresent(firstDay::set);
        read(s, "to", LocalDate::parse).ifPresent(lastDay::set);
        read(s, "groupBy", GroupBy::valueOf).ifPresent(groupBy::set);
        read(s, "paper", Paper::valueOf).ifPresent(paper::set);
        read(s, "focusHourly", Boolean::valueOf).ifPresent(focusHourly::set);
        read(s, "format", ExportFormat::valueOf)
                .filter(f -> f != ExportFormat.TABLE)
                .ifPresent(format::set);
    }

    /** A remembered value, or empty when it is missing or unreadable (the default stays). */
    private static <T> Optional<T> read(UiSettings s, String key, Function<String, T> parse) {
        try {
            return s.get(PREFIX + key).map(parse);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private void store() {
        UiSettings s = remembered;
        s.put(PREFIX + "kind", kind.get().name());
        s.put(PREFIX + "period", period.get().name());
        s.put(PREFIX + "year", Integer.toString(year.get()));
        s.put(PREFIX + "month", month.get().name());
        s.put(PREFIX + "quarter", Integer.toString(quarter.get()));
        if (firstDay.get() != null && lastDay.get() != null) {
            s.put(PREFIX + "from", firstDay.get().toString());
            s.put(PREFIX + "to", lastDay.get().toString());
        }
        s.put(PREFIX + "groupBy", groupBy.get().name());
        s.put(PREFIX + "paper", paper.get().name());
        s.put(PREFIX + "focusHourly", Boolean.toString(focusHourly.get()));
        s.put(PREFIX + "format", format.get().name());
    }

    /** The folder the last export went to, if any. */
    public Optional<Path> lastFolder() {
        if (remembered == null) {
            return Optional.empty();
        }
        try {
            return remembered.get(PREFIX + "folder").filter(f -> !f.isBlank()).map(Path::of);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------- configuration

    private void configChanged(ConfigState s) {
        configNotice.set(ReportViewModel.noticeFor(s));
        AccountingConfig c = s == null ? null : s.inForce().orElse(null);
        if (c == null) {
            defaultCurrency.set("");
            currencies.clear();
            return;
        }
        defaultCurrency.set(c.currency().getCurrencyCode());
        TreeSet<String> others = new TreeSet<>();
        for (AccountingConfig.ExchangeRate r : c.exchangeRates()) {
            others.add(r.from().getCurrencyCode());
            others.add(r.to().getCurrencyCode());
        }
        others.remove(c.currency().getCurrencyCode());
        List<String> all = new ArrayList<>();
        all.add(c.currency().getCurrencyCode());
        all.addAll(others);
        currencies.setAll(all);
    }

    private ZoneId zone() {
        ConfigState s = actions.configState().get();
        return s == null
                ? ZoneId.systemDefault()
                : s.inForce().map(AccountingConfig::timeZone).orElse(ZoneId.systemDefault());
    }

    private Choices choices() {
        return new Choices(
                kind.get(),
                period.get(),
                year.get(),
                month.get(),
                quarter.get(),
                firstDay.get(),
                lastDay.get(),
                groupBy.get(),
                filterBy.get(),
                filterValue.get() == null ? "" : filterValue.get().strip(),
                currency.get() == null ? "" : currency.get().strip());
    }

    /** Whether the kind has a grouping of its own choosing (only the cost report). */
    public static boolean grouped(ReportKind k) {
        return k == ReportKind.COST;
    }

    /** Whether the kind can keep only one team, project, user, host, GPU or site. */
    public static boolean filterable(ReportKind k) {
        return k == ReportKind.COST || k == ReportKind.UTILISATION;
    }

    /**
     * The report as chosen now.
     *
     * @throws IllegalArgumentException saying what is wrong with the choices, or why there is no accounting to
     *     report on
     */
    public ReportSpec spec() {
        AccountingConfig config;
        try {
            ConfigState s = actions.configState().get();
            if (s == null) {
                throw new IllegalArgumentException("The accounting is starting…");
            }
            config = s.requireConfig();
        } catch (UserFacingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        ZoneId zone = config.timeZone();
        ReportsPeriod.Resolved p;
        try {
            p = period.get()
                    .resolve(
                            zone,
                            clock.instant(),
                            year.get(),
                            month.get(),
                            quarter.get(),
                            firstDay.get(),
                            lastDay.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Period: " + e.getMessage(), e);
        }
        ReportKind k = kind.get();
        return new ReportSpec(
                k,
                p.period(),
                grouped(k) ? groupBy.get() : GroupBy.TEAM,
                currency(config),
                filterable(k) ? filter() : Optional.empty(),
                p.notice().stream().toList());
    }

    private Currency currency(AccountingConfig config) {
        String code = currency.get() == null ? "" : currency.get().strip().toUpperCase(Locale.ROOT);
        if (code.isEmpty()) {
            return config.currency();
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Currency: " + code + " is not an ISO 4217 currency code (EUR, USD, SEK, …)", e);
        }
    }

    private Optional<ReportRequest.Filter> filter() {
        String value = filterValue.get() == null ? "" : filterValue.get().strip();
        if (filterBy.get() == null || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReportRequest.Filter(filterBy.get(), value));
    }

    // ------------------------------------------------------------------------------------------- preview

    /** The page is shown: the first time (or while there is still nothing to show), the report is previewed. */
    public void showing() {
        wanted = true;
        if (document.get() == null && running.get() == Running.NONE) {
            preview();
        }
    }

    /** Builds the report as chosen now; its document replaces what is shown when it arrives. */
    public void preview() {
        ReportSpec spec;
        try {
            spec = spec();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        Choices c = choices();
        long id = start(Running.PREVIEW, "Building the preview…");
        error.set("");
        job = actions.preview(spec, p -> progressed(id, p), o -> previewed(id, c, o));
    }

    private void previewed(long id, Choices c, PreviewOutcome o) {
        if (id != generation) {
            return; // replaced by a newer preview or export
        }
        finish();
        if (o.cancelled()) {
            status.set("Preview cancelled.");
            return;
        }
        if (o.document().isEmpty()) {
            document.set(null);
            shown = null;
            stale.set(false);
            error.set(o.error());
            return;
        }
        show(c, o.document().get());
    }

    private void show(Choices c, ReportDocument doc) {
        error.set("");
        shown = c;
        stale.set(!c.equals(choices()));
        if (doc.kind() == ReportKind.COST && c.filterBy() == null) {
            List<String> groups = new ArrayList<>();
            for (List<Value> row : doc.primary().rows()) {
                String g = row.getFirst().plain();
                if (!g.isEmpty() && !g.equals(AccountingEngine.IDLE)) {
                    groups.add(g);
                }
            }
            groupsSeen.put(c.groupBy(), List.copyOf(groups));
            showFilterValues();
        }
        document.set(doc);
    }

    private void showFilterValues() {
        GroupBy by = filterBy.get();
        filterValues.setAll(by == null ? List.of() : groupsSeen.getOrDefault(by, List.of()));
    }

    // ------------------------------------------------------------------------------------------- export

    /** The formats an export of the report chosen now may take: FOCUS only for the cost report. */
    public List<ExportFormat> exportFormats() {
        List<ExportFormat> out =
                new ArrayList<>(List.of(ExportFormat.CSV, ExportFormat.XLSX, ExportFormat.PDF, ExportFormat.JSON));
        if (kind.get() == ReportKind.COST) {
            out.add(ExportFormat.FOCUS);
        }
        return out;
    }

    /**
     * The name an export of the report chosen now is offered under: "cost-team-2026-11.pdf", "oncall-2026-Q4.csv",
     * "cost-team-vision-2026-11-03_2026-11-09.json", "cost-2026-11-focus.csv".
     */
    public String suggestedFileName(ExportFormat f) {
        StringBuilder b = new StringBuilder(kind.get().id());
        if (grouped(kind.get()) && f != ExportFormat.FOCUS) {
            b.append('-').append(groupBy.get().label());
        }
        if (filterable(kind.get())) {
            filter().ifPresent(x -> b.append('-').append(slug(x.value())));
        }
        String token;
        try {
            token = period.get()
                    .resolve(
                            zone(),
                            clock.instant(),
                            year.get(),
                            month.get(),
                            quarter.get(),
                            firstDay.get(),
                            lastDay.get())
                    .period()
                    .token();
        } catch (IllegalArgumentException noPeriod) {
            token = period.get().name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        b.append('-').append(token);
        if (f == ExportFormat.FOCUS) {
            b.append("-focus");
        }
        return b.append('.').append(f.extension()).toString();
    }

    private static String slug(String s) {
        String out = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]+", "-").replaceAll("^-+|-+$", "");
        return out.isEmpty() ? "filtered" : out;
    }

    /**
     * Builds the report as chosen now and writes it to {@code target} as {@code f}; the folder and the format are
     * remembered for the next export.
     */
    public void export(Path target, ExportFormat f) {
        Objects.requireNonNull(target);
        format.set(Objects.requireNonNull(f));
        Path folder = target.toAbsolutePath().getParent();
        if (remembered != null && folder != null) {
            remembered.put(PREFIX + "folder", folder.toString());
        }
        exportFolder.set("");
        ReportSpec spec;
        try {
            spec = spec();
        } catch (IllegalArgumentException e) {
            exportFailed.set(true);
            exportMessage.set("Not exported: " + e.getMessage());
            return;
        }
        Choices c = choices();
        String name = target.getFileName() == null
                ? target.toString()
                : target.getFileName().toString();
        long id = start(Running.EXPORT, "Exporting " + name + "…");
        exportFailed.set(false);
        exportMessage.set("");
        job = actions.export(
                spec, f, new ExportOptions(paper.get(), focusHourly.get()), target, p -> progressed(id, p), o -> {
                    exported(o);
                    if (id == generation) {
                        finish();
                        if (o.written() && o.document().isPresent()) {
                            show(c, o.document().get()); // the preview shows what was written
                        }
                    }
                });
    }

    /** Every export's answer is said, also one replaced since: it tells what became of a file. */
    private void exported(ExportOutcome o) {
        if (o.written()) {
            exportFailed.set(false);
            exportFolder.set(o.folderUri());
            exportMessage.set("Wrote " + o.file() + " (" + Formats.bytes(o.bytes())
                    + (o.summary().isEmpty() ? "" : ", " + o.summary()) + ").");
        } else if (o.cancelled()) {
            exportFailed.set(false);
            exportMessage.set("Export cancelled: " + o.file().getFileName() + " was not written.");
        } else {
            exportFailed.set(true);
            exportMessage.set("Export failed: " + o.error());
        }
    }

    /** Opens the folder of the last file written. */
    public void openFolder() {
        if (!exportFolder.get().isEmpty()) {
            actions.openFolder(exportFolder.get());
        }
    }

    // ------------------------------------------------------------------------------------------- running

    /** Stops the preview or export running; its answer says it was cancelled. */
    public void cancel() {
        if (job != null && running.get() != Running.NONE) {
            job.cancel();
            status.set("Cancelling…");
        }
    }

    private long start(Running what, String text) {
        if (job != null) {
            job.cancel(); // the service cancels it too; this one is no longer waited for
        }
        running.set(what);
        progress.set(-1); // indeterminate until the build tells how far it is
        status.set(text);
        return ++generation;
    }

    private void progressed(long id, double p) {
        if (id == generation && running.get() != Running.NONE) {
            progress.set(p);
        }
    }

    private void finish() {
        job = null;
        running.set(Running.NONE);
        status.set("");
        progress.set(0);
    }

    // ------------------------------------------------------------------------------------------- properties

    public ObjectProperty<ReportKind> kindProperty() {
        return kind;
    }

    public ObjectProperty<ReportsPeriod> periodProperty() {
        return period;
    }

    /** The year of a chosen month or quarter. */
    public ObjectProperty<Integer> yearProperty() {
        return year;
    }

    public ObjectProperty<Month> monthProperty() {
        return month;
    }

    /** 1 to 4. */
    public ObjectProperty<Integer> quarterProperty() {
        return quarter;
    }

    /** The custom period's first day. */
    public ObjectProperty<LocalDate> firstDayProperty() {
        return firstDay;
    }

    /** The custom period's last day (included). */
    public ObjectProperty<LocalDate> lastDayProperty() {
        return lastDay;
    }

    /** What the cost report's rows are. */
    public ObjectProperty<GroupBy> groupByProperty() {
        return groupBy;
    }

    /** Keep only one group of this grouping ({@link #filterValueProperty()}); null: everything. */
    public ObjectProperty<GroupBy> filterByProperty() {
        return filterBy;
    }

    public StringProperty filterValueProperty() {
        return filterValue;
    }

    /** The groups of the grouping filtered by, as the last cost preview grouped by it listed them. */
    public ObservableList<String> filterValues() {
        return filterValues;
    }

    /** An ISO 4217 code; empty: the accounting file's currency. */
    public StringProperty currencyProperty() {
        return currency;
    }

    /** The accounting file's currency first, then the others its exchange rates name. */
    public ObservableList<String> currencies() {
        return currencies;
    }

    /** The accounting file's currency ("EUR"); empty until known. */
    public ReadOnlyStringProperty defaultCurrencyProperty() {
        return defaultCurrency.getReadOnlyProperty();
    }

    /** The PDF's paper. */
    public ObjectProperty<Paper> paperProperty() {
        return paper;
    }

    /** FOCUS rows per hour; false: per day. */
    public BooleanProperty focusHourlyProperty() {
        return focusHourly;
    }

    /** The format of the last export (offered first next time). */
    public ObjectProperty<ExportFormat> formatProperty() {
        return format;
    }

    /** The document shown; null while there is none (see {@link #errorProperty()}). */
    public ReadOnlyObjectProperty<ReportDocument> documentProperty() {
        return document.getReadOnlyProperty();
    }

    /** Why there is no document; empty when there is one. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** That the accounting file has errors while the last valid configuration stays in force; else empty. */
    public ReadOnlyStringProperty configNoticeProperty() {
        return configNotice.getReadOnlyProperty();
    }

    /** "Building the preview…", "Exporting cost-team-2026-11.pdf…", "Cancelling…", "Preview cancelled."; or empty. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** How far the preview or export running is, 0..1; negative until the build tells. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Running> runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The choices changed since the document shown was built. */
    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    /** What became of the last export: the file written, or why none was. */
    public ReadOnlyStringProperty exportMessageProperty() {
        return exportMessage.getReadOnlyProperty();
    }

    /** The last export failed. */
    public ReadOnlyBooleanProperty exportFailedProperty() {
        return exportFailed.getReadOnlyProperty();
    }

    /** The folder of the file the last export wrote, as a URI; empty when none was written. */
    public ReadOnlyStringProperty exportFolderProperty() {
        return exportFolder.getReadOnlyProperty();
    }
}
