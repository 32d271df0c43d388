package io.gridscope.console.ui;

import io.gridscope.console.app.UiSettings;
import io.gridscope.console.ui.accounting.AccountingActions;
import io.gridscope.console.ui.accounting.ReportViewModel;
import io.gridscope.console.ui.accounting.TodaySummaryView;
import io.gridscope.console.ui.alerts.AlertsBackend;
import io.gridscope.console.ui.alerts.AlertsPage;
import io.gridscope.console.ui.alerts.RulesEditorViewModel;
import io.gridscope.console.ui.carbon.CarbonPage;
import io.gridscope.console.ui.carbon.CarbonViewModel;
import io.gridscope.console.ui.cost.CostPage;
import io.gridscope.console.ui.cost.CostViewModel;
import io.gridscope.console.ui.gpus.GpusPage;
import io.gridscope.console.ui.hosts.HostsPage;
import io.gridscope.console.ui.netstorage.NetworkStoragePage;
import io.gridscope.console.ui.overview.OverviewPage;
import io.gridscope.console.ui.reports.ExportDialog;
import io.gridscope.console.ui.reports.ReportsActions;
import io.gridscope.console.ui.reports.ReportsPage;
import io.gridscope.console.ui.reports.ReportsViewModel;
import io.gridscope.console.ui.secrets.SecretsViewModel;
import io.gridscope.console.ui.settings.AccountingSettingsViewModel;
import io.gridscope.console.ui.settings.SettingsPage;
import io.gridscope.console.ui.settings.SettingsViewModel;
import io.gridscope.console.ui.shell.Page;
import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.console.ui.sources.SourceActions;
import io.gridscope.console.ui.sources.SourcesPage;
import io.gridscope.console.ui.sources.SourcesViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.layout.Region;

/**
 * The one place that knows every page: what the shell shows for each {@link Page}, each view given its own view
 * model. Pages know the shell, never each other; a page that shows part of another (the Overview's GPU table) gets
 * it from here.
 */
final class ConsolePages {
    /** Which tab of the Alerts page was shown last: "alerts" or "rules". */
    static final String KEY_ALERTS_TAB = "alerts.tab";

    private ConsolePages() {}

    /**
     * @param save    receives settings to write; hands the I/O to the controller's thread
     * @param sources the data path's source actions (the controller)
     * @param dataDirFromCommandLine the data directory given with {@code --data-dir}, if any (Settings shows it)
     * @param accounting the accounting (Cost, Carbon, the Overview's figures of today, Settings → Accounting)
     * @param alerts     the alert console (the Alerts page: actions, rules file, detail)
     * @param reports    the reports (the Reports page: previews and exports)
     */
    static Map<Page, Supplier<? extends Region>> create(
            MainViewModel vm,
            UiSettings settings,
            Consumer<UiSettings> save,
            SourceActions sources,
            Optional<Path> dataDirFromCommandLine,
            AccountingActions accounting,
            AlertsBackend alerts,
            ReportsActions reports) {
        return create(
                vm, settings, save, sources, dataDirFromCommandLine, accounting, alerts, reports, Optional.empty());
    }

    /** @param secrets the secret stores (Sources' "keep typed secret in", Settings → Secrets), if any */
    static Map<Page, Supplier<? extends Region>> create(
            MainViewModel vm,
            UiSettings settings,
            Consumer<UiSettings> save,
            SourceActions sources,
            Optional<Path> dataDirFromCommandLine,
            AccountingActions accounting,
            AlertsBackend alerts,
            ReportsActions reports,
            Optional<SecretsViewModel> secrets) {
        ShellViewModel shell = vm.shell();
        Clock clock = Clock.systemUTC();
        Map<Page, Supplier<? extends Region>> pages = new EnumMap<>(Page.class);
        pages.put(
                Page.OVERVIEW,
                () -> new OverviewPage(
                        vm.overview(),
                        shell,
                        GpusPage.overviewSection(vm.gpus()),
                        new TodaySummaryView(accounting.today())));
        pages.put(Page.ALERTS, () -> {
            AlertsPage page = new AlertsPage(vm.alerts(), new RulesEditorViewModel(alerts), alerts, shell);
            // the tab last shown (Alerts or Rules) is shown again
            page.showRules(settings.get(KEY_ALERTS_TAB).filter("rules"::equals).isPresent());
            page.rulesShown().addListener((o, a, rules) -> settings.put(KEY_ALERTS_TAB, rules ? "rules" : "alerts"));
            return page;
        });
        pages.put(Page.GPUS, () -> new GpusPage(vm.gpus(), shell));
        pages.put(Page.HOSTS, () -> new HostsPage(vm.hostsPage(), shell));
        pages.put(Page.NETWORK_STORAGE, () -> new NetworkStoragePage(vm.networkStorage(), shell));
        pages.put(
                Page.COST,
                () -> new CostPage(new CostViewModel(new ReportViewModel(accounting, "cost", clock, settings)), shell));
        pages.put(
                Page.CARBON,
                () -> new CarbonPage(
                        new CarbonViewModel(new ReportViewModel(accounting, "carbon", clock, settings)), shell));
        pages.put(
                Page.REPORTS,
                () -> new ReportsPage(
                        new ReportsViewModel(reports, clock, settings), shell, ExportDialog.saveDialog()));
        pages.put(
                Page.SOURCES,
                () -> new SourcesPage(new SourcesViewModel(settings, save, sources, secrets.orElse(null)), shell));
        pages.put(
                Page.SETTINGS,
                () -> new SettingsPage(
                        new SettingsViewModel(settings, shell, save, dataDirFromCommandLine),
                        shell,
                        new AccountingSettingsViewModel(accounting),
                        secrets.orElse(null)));
        return pages;
    }
}
