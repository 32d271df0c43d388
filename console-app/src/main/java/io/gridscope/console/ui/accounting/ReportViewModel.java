package io.gridscope.console.ui.accounting;

import io.gridscope.console.app.AccountingService;
import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.UiSettings;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.accounting.ReportRow;
import io.gridscope.reports.config.AccountingConfig;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What an accounting page (Cost, Carbon) shows and how the user chose it: the period, the grouping, whether to
 * compare with the previous period of the same length, and a drill-down into one team, project or user (by GPU, or
 * by host). Every change asks the accounting for the report again (off the FX thread); only the answer to the
 * newest request is shown. Errors are shown, never swallowed: a report that cannot be computed says why in {@link
 * #errorProperty()}, and an accounting file with errors is named in {@link #noticeProperty()} while the last valid
 * configuration stays in force. FX thread only; no scene needed.
 */
public final class ReportViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final AccountingActions actions;
    private final String requester;
    private final Clock clock;

    private final ObjectProperty<ReportPeriod> period =
            new SimpleObjectProperty<>(this, "period", ReportPeriod.THIS_MONTH);
    private final ObjectProperty<LocalDate> firstDay = new SimpleObjectProperty<>(this, "firstDay");
    private final ObjectProperty<LocalDate> lastDay = new SimpleObjectProperty<>(this, "lastDay");
    private final ObjectProperty<GroupBy> groupBy = new SimpleObjectProperty<>(this, "groupBy", GroupBy.TEAM);
    private final BooleanProperty compare = new SimpleBooleanProperty(this, "compare", false);
    private final ReadOnlyObjectWrapper<Optional<ReportRequest.Filter>> drill =
            new ReadOnlyObjectWrapper<>(this, "drill", Optional.empty());
    private final ReadOnlyObjectWrapper<AccountingReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ReadOnlyObjectWrapper<AccountingReport> previous = new ReadOnlyObjectWrapper<>(this, "previous");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper periodText = new ReadOnlyStringWrapper(this, "periodText", "");
    private final ReadOnlyStringWrapper previousPeriodText = new ReadOnlyStringWrapper(this, "previousPeriodText", "");
    private final ReadOnlyStringWrapper currency = new ReadOnlyStringWrapper(this, "currency", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyObjectWrapper<AccountingConfig> configInUse = new ReadOnlyObjectWrapper<>(this, "config");

    private GroupBy groupByBeforeDrill = GroupBy.TEAM;
    private AccountingConfig configShown;
    private long generation;
    private boolean suspended;

    /**
     * @param requester names this page's requests: a newer one replaces an older one that has not started
     * @param clock what "now" is (this month runs to now)
     */
    public ReportViewModel(AccountingActions actions, String requester, Clock clock) {
        this(actions, requester, clock, null);
    }

    /**
     * @param remembered where the page's choices (period, custom days, group-by, comparison) are kept between runs,
     *     under {@code accounting.<requester>.*}: read here, written as they change (in memory; the console writes
     *     its settings off the FX thread); null to remember nothing
     */
    public ReportViewModel(AccountingActions actions, String requester, Clock clock, UiSettings remembered) {
        this.actions = Objects.requireNonNull(actions);
        this.requester = Objects.requireNonNull(requester);
        this.clock = Objects.requireNonNull(clock);
        period.addListener((o, a, p) -> {
            if (p == ReportPeriod.CUSTOM && (firstDay.get() == null || lastDay.get() == null)) {
                ZoneId zone = zone();
                LocalDate today = clock.instant().atZone(zone).toLocalDate();
                boolean was = suspended;
                suspended = true;
                firstDay.set(today.withDayOfMonth(1));
                lastDay.set(today);
                suspended = was;
            }
            refreshIfLive();
        });
        firstDay.addListener((o, a, b) -> refreshIfCustom());
        lastDay.addListener((o, a, b) -> refreshIfCustom());
        groupBy.addListener((o, a, b) -> refreshIfLive());
        compare.addListener((o, a, b) -> refreshIfLive());
        if (remembered != null) {
            restoreFrom(remembered);
            Runnable store = () -> storeInto(remembered);
            period.addListener((o, a, b) -> store.run());
            firstDay.addListener((o, a, b) -> store.run());
            lastDay.addListener((o, a, b) -> store.run());
            groupBy.addListener((o, a, b) -> store.run());
            compare.addListener((o, a, b) -> store.run());
        }
        actions.configState().addListener((o, a, s) -> {
            // a new configuration in force changes every figure; a file that became invalid changes only the notice
            AccountingConfig now = s == null ? null : s.inForce().orElse(null);
            if (now != configShown || report.get() == null) {
                refresh();
            } else {
                notice.set(noticeFor(s));
            }
        });
    }

    private String key(String name) {
        return "accounting." + requester + "." + name;
    }

    /** Takes the choices remembered in {@code s}; what is missing or unreadable keeps its default. */
    private void restoreFrom(UiSettings s) {
        suspended = true;
        try {
            s.get(key("period")).flatMap(ReportViewModel::period).ifPresent(period::set);
            s.get(key("from")).flatMap(ReportViewModel::day).ifPresent(firstDay::set);
            s.get(key("to")).flatMap(ReportViewModel::day).ifPresent(lastDay::set);
            s.get(key("groupBy")).flatMap(ReportViewModel::grouping).ifPresent(groupBy::set);
            s.get(key("compare")).map(Boolean::parseBoolean).ifPresent(compare::set);
        } finally {
            suspended = false;
        }
    }

    private void storeInto(UiSettings s) {
        s.put(key("period"), period.get().name());
        if (firstDay.get() != null && lastDay.get() != null) {
            s.put(key("from"), firstDay.get().toString());
            s.put(key("to"), lastDay.get().toString());
        }
        // inside a drill-down the grouping is the drill-down's; the one before it is what is remembered
        s.put(key("groupBy"), (drill.get().isPresent() ? groupByBeforeDrill : groupBy.get()).name());
        s.put(key("compare"), Boolean.toString(compare.get()));
    }

    private static Optional<ReportPeriod> period(String s) {
        try {
            return Optional.of(ReportPeriod.valueOf(s));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> day(String s) {
        try {
            return Optional.of(LocalDate.parse(s));
        } catch (java.time.format.DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private static Optional<GroupBy> grouping(String s) {
        try {
            return Optional.of(GroupBy.parse(s));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private void refreshIfLive() {
        if (!suspended) {
            refresh();
        }
    }

    private void refreshIfCustom() {
        if (!suspended && period.get() == ReportPeriod.CUSTOM) {
            refresh();
        }
    }

    private ZoneId zone() {
        ConfigState s = actions.configState().get();
        return s == null
                ? ZoneId.systemDefault()
                : s.inForce().map(AccountingConfig::timeZone).orElse(ZoneId.systemDefault());
    }

    /** Asks for the report as chosen now; the answer replaces what is shown when it arrives. */
    public void refresh() {
        ConfigState s = actions.configState().get();
        notice.set(noticeFor(s));
        long request = ++generation;
        if (s == null) {
            clear("");
            status.set("The accounting is starting…");
            return;
        }
        if (!s.available()) {
            clear(s.unavailable());
            return;
        }
        if (s.inForce().isEmpty()) {
            clear(s.file().map(Object::toString).orElse("The accounting file")
                    + " has errors and no earlier valid version was read; fix them (Settings → Accounting):\n"
                    + s.problemText());
            return;
        }
        AccountingConfig config = s.inForce().get();
        configShown = config;
        configInUse.set(config);
        ZoneId zone = config.timeZone();
        ReportPeriod.Interval interval;
        try {
            interval = period.get()
                    .interval(
                            zone,
                            clock.instant(),
                            Optional.ofNullable(firstDay.get()),
                            Optional.ofNullable(lastDay.get()));
        } catch (IllegalArgumentException e) {
            clear("Period: " + e.getMessage());
            return;
        }
        ReportRequest base = new ReportRequest(interval.from(), interval.to(), groupBy.get(), config.currency());
        ReportRequest req = drill.get()
                .map(f -> base.withFilter(f.by(), f.value(), groupBy.get()))
                .orElse(base);
        currency.set(config.currency().getCurrencyCode());
        periodText.set(AccountingFormats.period(req.from(), req.to(), zone) + " (" + zone.getId() + ")");
        ReportRequest before = AccountingService.previousPeriod(req);
        previousPeriodText.set(compare.get() ? AccountingFormats.period(before.from(), before.to(), zone) : "");
        busy.set(true);
        status.set("Computing…");
        actions.report(requester, req, compare.get(), result -> {
            if (request != generation) {
                return; // the user has asked for something else since
            }
            busy.set(false);
            status.set("");
            if (!result.error().isEmpty()) {
                report.set(null);
                previous.set(null);
                error.set(result.error());
                return;
            }
            error.set("");
            previous.set(result.previous().orElse(null));
            report.set(result.report().orElse(null));
        });
    }

    private void clear(String why) {
        busy.set(false);
        status.set("");
        report.set(null);
        previous.set(null);
        error.set(why);
    }

    /**
     * That the accounting file has errors while the last valid configuration stays in force, with the problems; empty
     * otherwise.
     */
    public static String noticeFor(ConfigState s) {
        if (s == null || !s.available() || s.valid() || s.inForce().isEmpty()) {
            return "";
        }
        return s.file().map(Object::toString).orElse("The accounting file") + " has errors; the configuration read"
                + s.inForceSince()
                        .map(t -> " at " + TIME.format(t.atZone(ZoneId.systemDefault())))
                        .orElse("")
                + " stays in force until they are fixed (Settings → Accounting):\n" + s.problemText();
    }

    // ------------------------------------------------------------------------------------------- drill-down

    /** Whether {@code group}'s row can be opened: a team, project or user (idle and unallocated included). */
    public boolean canDrill(String group) {
        return drill.get().isEmpty() && groupBy.get().byOwner() && group != null;
    }

    /** Shows only {@code group}, by GPU (the group-by then chooses GPU or host). */
    public void drillDown(String group) {
        if (!canDrill(group)) {
            return;
        }
        suspended = true;
        groupByBeforeDrill = groupBy.get();
        drill.set(Optional.of(new ReportRequest.Filter(groupBy.get(), group)));
        groupBy.set(GroupBy.GPU);
        suspended = false;
        refresh();
    }

    /** Back to every group, grouped as before the drill-down. */
    public void drillUp() {
        if (drill.get().isEmpty()) {
            return;
        }
        suspended = true;
        drill.set(Optional.empty());
        groupBy.set(groupByBeforeDrill);
        suspended = false;
        refresh();
    }

    /** The previous period's row of {@code group}, when comparing and it had one. */
    public Optional<ReportRow> previousRow(String group) {
        AccountingReport p = previous.get();
        if (p == null) {
            return Optional.empty();
        }
        return p.rows().stream().filter(r -> r.group().equals(group)).findFirst();
    }

    // ------------------------------------------------------------------------------------------- properties

    public ObjectProperty<ReportPeriod> periodProperty() {
        return period;
    }

    /** The custom period's first day. */
    public ObjectProperty<LocalDate> firstDayProperty() {
        return firstDay;
    }

    /** The custom period's last day (included). */
    public ObjectProperty<LocalDate> lastDayProperty() {
        return lastDay;
    }

    public ObjectProperty<GroupBy> groupByProperty() {
        return groupBy;
    }

    /** Compare with the previous period of the same length. */
    public BooleanProperty compareProperty() {
        return compare;
    }

    /** The group drilled into, if any. */
    public ReadOnlyObjectProperty<Optional<ReportRequest.Filter>> drillProperty() {
        return drill.getReadOnlyProperty();
    }

    /** The report shown; null while there is none (see {@link #errorProperty()}). */
    public ReadOnlyObjectProperty<AccountingReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** The previous period's report, when comparing. */
    public ReadOnlyObjectProperty<AccountingReport> previousProperty() {
        return previous.getReadOnlyProperty();
    }

    /** Why there is no report; empty when there is one. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** That the accounting file has errors while the last valid configuration stays in force; else empty. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** "Computing…" while a report is on its way. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** "1 Jan 2026 – 10 Jan 2026 (Europe/Berlin)". */
    public ReadOnlyStringProperty periodTextProperty() {
        return periodText.getReadOnlyProperty();
    }

    /** The previous period compared with, when comparing; else empty. */
    public ReadOnlyStringProperty previousPeriodTextProperty() {
        return previousPeriodText.getReadOnlyProperty();
    }

    /** The configuration the report shown was asked with (its time zone, sites, currency); null before one. */
    public ReadOnlyObjectProperty<AccountingConfig> configProperty() {
        return configInUse.getReadOnlyProperty();
    }

    /** The report currency ("EUR"). */
    public ReadOnlyStringProperty currencyProperty() {
        return currency.getReadOnlyProperty();
    }
}
