package io.gridscope.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of docs/architecture.md, checked over the production classes of every module on this class path,
 * and the package rules of the console (see {@code io.gridscope.console.ui}'s package documentation):
 * <ul>
 *   <li>the console's packages are free of cycles;</li>
 *   <li>a page package ({@code ui.overview}, {@code ui.gpus}, …) depends on no other page and not on the composing
 *       root package {@code ui}; it may use {@code ui.shell}, {@code ui.chart}, {@code ui.format}, {@code
 *       ui.accounting}, {@code fx} and {@code app}; the shared packages depend on no page;</li>
 *   <li>view code does no I/O, not even while it is built: no constructor or static initialiser in {@code ui..}
 *       reaches an I/O type, directly or through the console's code it calls;</li>
 *   <li>view code computes no report and reads no accounting file: the engine, the usage sources and the accounting
 *       file run on the accounting thread ({@code app.AccountingService});</li>
 *   <li>view code builds no report document and writes no report file: the Reports page's previews and exports run
 *       on the reports thread ({@code app.ReportsService});</li>
 *   <li>the console chooses its grid-intensity lookup in one place, {@code app.AccountingIntensity}.</li>
 * </ul>
 */
class ArchitectureTest {
    static final String UI = "io.gridscope.console.ui";
    static final List<String> PAGES =
            List.of("overview", "gpus", "hosts", "netstorage", "cost", "carbon", "reports", "sources", "settings");
    static final List<String> SHARED = List.of("shell", "chart", "format", "accounting", "secrets");
    /** Types whose use means I/O: name lookups, files, the history database, the collectors. */
    static final Set<String> IO_TYPES = Set.of(
            "io.gridscope.collectors.host.HostIdentity",
            "java.net.InetAddress",
            "java.nio.file.Files",
            "java.io.File",
            "java.io.FileInputStream",
            "java.io.FileOutputStream",
            "java.io.FileReader",
            "java.io.FileWriter",
            "java.io.RandomAccessFile",
            "io.gridscope.console.app.Telemetry",
            "io.gridscope.history.HistoryStore",
            "io.gridscope.history.HistoryReader");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.gridscope");
        assertThat(classes.stream().map(c -> c.getPackageName()))
                .anyMatch(p -> p.startsWith("io.gridscope.model"))
                .anyMatch(p -> p.startsWith("io.gridscope.collectors"))
                .anyMatch(p -> p.startsWith("io.gridscope.history"))
                .anyMatch(p -> p.startsWith("io.gridscope.reports"))
                .anyMatch(p -> p.startsWith("io.gridscope.alerts"))
                .anyMatch(p -> p.startsWith("io.gridscope.console"));
    }

    @Test
    void onlyTheConsoleUsesJavaFx() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.gridscope.console..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void collectorsDoNotDependOnHistoryOrTheConsole() {
        noClasses()
                .that()
                .resideInAPackage("io.gridscope.collectors..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.gridscope.history..", "io.gridscope.console..")
                .check(classes);
    }

    @Test
    void historyDoesNotDependOnTheConsoleOrNativeCollectorLibraries() {
        noClasses()
                .that()
                .resideInAPackage("io.gridscope.history..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.gridscope.console..", "oshi..", "com.sun.jna..")
                .check(classes);
    }

    @Test
    void historyUsesTheModelNotTheCollectors() {
        noClasses()
                .that()
                .resideInAPackage("io.gridscope.history..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.gridscope.collectors..")
                .because("history (and the accounting and alerting above it) needs only the telemetry model")
                .check(classes);
    }

    @Test
    void reportsReadTheHistoryNotTheCollectorsAndKnowNoConsole() {
        noClasses()
                .that()
                .resideInAPackage("io.gridscope.reports..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.gridscope.collectors..", "io.gridscope.console..", "oshi..", "com.sun.jna..", "javafx..")
                .because("the accounting reads the stored history through its query API; the console and the"
                        + " command line only call it")
                .check(classes);
    }

    @Test
    void alertsReadTheModelAndHistoryNotTheCollectorsReportsOrConsole() {
        noClasses()
                .that()
                .resideInAPackage("io.gridscope.alerts..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.gridscope.collectors..",
                        "io.gridscope.reports..",
                        "io.gridscope.console..",
                        "oshi..",
                        "com.sun.jna..",
                        "javafx..")
                .because("rules are evaluated over snapshots of the telemetry model and the stored history; budget"
                        + " figures arrive as series the accounting publishes")
                .check(classes);
    }

    @Test
    void nothingBelowTheConsoleDependsOnAlerts() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.gridscope.model..",
                        "io.gridscope.history..",
                        "io.gridscope.collectors..",
                        "io.gridscope.reports..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.gridscope.alerts..")
                .check(classes);
    }

    @Test
    void theAlertEngineDoesNoIo() {
        noClasses()
                .that()
                .resideInAPackage("io.gridscope.alerts.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.sql..", "java.net..", "java.nio.file..", "java.io..", "io.gridscope.history..")
                .because("the engine is driven by the caller's snapshots and clock, so every state transition is"
                        + " testable without a database or a network")
                .check(classes);
    }

    @Test
    void viewCodeEvaluatesNoRuleAndWritesNoAlert() {
        noClasses()
                .that()
                .resideInAPackage(UI + "..")
                .should()
                .callCodeUnitWhere(callsInto(
                        "io.gridscope.alerts.engine.AlertEngine",
                        "io.gridscope.alerts.preview.RulePreview",
                        "io.gridscope.alerts.store.AlertActions",
                        "io.gridscope.alerts.rules.RuleFile",
                        "io.gridscope.alerts.alertmanager.AlertmanagerMirror",
                        "io.gridscope.alerts.alertmanager.AlertmanagerClient"))
                .because("rule evaluation, the rules file, alert actions and Alertmanager calls run on the alert"
                        + " threads (AlertConsole), never on the FX thread")
                .check(classes);
    }

    @Test
    void nothingBelowTheConsoleDependsOnReports() {
        noClasses()
                .that()
                .resideInAnyPackage("io.gridscope.model..", "io.gridscope.history..", "io.gridscope.collectors..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.gridscope.reports..")
                .check(classes);
    }

    @Test
    void reportFormatsWriteTheDocumentAndComputeNothing() {
        // every format writes the figures ReportBuilder rounded once; none reads the accounting or the history
        noClasses()
                .that(
                        new com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass>(
                                "are report formats (Document*, XlsxWriter, PdfWriter and their helpers Pdf*)") {
                            @Override
                            public boolean test(com.tngtech.archunit.core.domain.JavaClass c) {
                                String name = c.getSimpleName();
                                // the reports module's test-jar (its fixtures and tests) is on this classpath too
                                String topLevel = c.getName().replaceAll("\\$.*", "");
                                return c.getPackageName().equals("io.gridscope.reports.document")
                                        && !topLevel.endsWith("Fixture")
                                        && !topLevel.endsWith("Test")
                                        && (name.startsWith("Document")
                                                || name.startsWith("Pdf")
                                                || name.startsWith("Xlsx"));
                            }
                        })
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.gridscope.history..",
                        "io.gridscope.reports.usage..",
                        "io.gridscope.reports.config..",
                        "io.gridscope.reports.carbon..")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleNameStartingWith("Accounting")
                .because("a figure must read the same in every format: formats only write a ReportDocument")
                .check(classes);
    }

    @Test
    void accountingMoneyIsNeverADouble() {
        noClasses()
                .that()
                .resideInAPackage("io.gridscope.reports.money..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.lang.Double")
                .because("money is BigDecimal with its currency")
                .check(classes);
    }

    @Test
    void theModelDependsOnTheJdkAlone() {
        noClasses()
                .that()
                .resideInAPackage("io.gridscope.model..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("io.gridscope.model..", "java..")
                .check(classes);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("io.gridscope.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void viewCodeDoesNoIoOfItsOwn() {
        noClasses()
                .that()
                .resideInAPackage("io.gridscope.console.ui..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "java.net.http..", "java.nio.channels..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.net.URLConnection")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.net.Socket")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.nio.file.Files")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.FileInputStream")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.gridscope.history.HistoryStore")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.gridscope.console.app.Telemetry")
                .because("the FX thread never does I/O: view code reaches data only through ConsoleController, "
                        + "whose backend calls run on the gridscope-console-io thread")
                .check(classes);
    }

    @Test
    void consolePackagesHaveNoCycles() {
        slices().matching("io.gridscope.console.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void pagesDependOnNoOtherPage() {
        for (String page : PAGES) {
            List<String> others = new ArrayList<>();
            PAGES.stream().filter(p -> !p.equals(page)).forEach(p -> others.add(UI + "." + p + ".."));
            others.add(UI); // the composing root: it knows every page
            others.add("io.gridscope.console.cli..");
            noClasses()
                    .that()
                    .resideInAPackage(UI + "." + page + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others.toArray(String[]::new))
                    .because("each page stands alone: what two pages share lives in ui.shell, ui.chart, ui.format or"
                            + " ui.accounting")
                    .check(classes);
        }
    }

    @Test
    void sharedViewPackagesDependOnNoPage() {
        List<String> pages =
                new ArrayList<>(PAGES.stream().map(p -> UI + "." + p + "..").toList());
        pages.add(UI);
        for (String shared : SHARED) {
            noClasses()
                    .that()
                    .resideInAPackage(UI + "." + shared + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(pages.toArray(String[]::new))
                    .check(classes);
        }
    }

    @Test
    void viewCodeUsesNoIoTypes() {
        noClasses()
                .that()
                .resideInAPackage(UI + "..")
                .should()
                .dependOnClassesThat()
                .haveNameMatching("java\\.io\\.File.*")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.net.InetAddress")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.RandomAccessFile")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.gridscope.collectors.host.HostIdentity")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.gridscope.history.HistoryReader")
                .because("the FX thread never does I/O; view code reaches data only through ConsoleController")
                .check(classes);
    }

    /** Calls whose target is declared by one of {@code owners} (or a class in a package starting with one). */
    private static com.tngtech.archunit.base.DescribedPredicate<JavaCall<?>> callsInto(String... owners) {
        return com.tngtech.archunit.base.DescribedPredicate.describe(
                "a call into " + String.join(", ", owners), call -> {
                    String owner = call.getTargetOwner().getName();
                    for (String o : owners) {
                        if (owner.equals(o) || (o.endsWith(".") && owner.startsWith(o))) {
                            return true;
                        }
                    }
                    return false;
                });
    }

    @Test
    void viewCodeComputesNoReportAndReadsNoAccountingFile() {
        noClasses()
                .that()
                .resideInAPackage(UI + "..")
                .should()
                .callCodeUnitWhere(callsInto(
                        "io.gridscope.reports.accounting.AccountingEngine",
                        "io.gridscope.reports.config.AccountingFile",
                        "io.gridscope.reports.usage."))
                .because("reports read the history and the accounting file: they run on the gridscope-accounting"
                        + " thread (AccountingService), never on the FX thread")
                .check(classes);
    }

    @Test
    void viewCodeBuildsNoReportDocumentAndWritesNoReportFile() {
        noClasses()
                .that()
                .resideInAPackage(UI + "..")
                .should()
                .callCodeUnitWhere(callsInto(
                        "io.gridscope.reports.document.ReportExporter",
                        "io.gridscope.reports.document.ReportBuilder",
                        "io.gridscope.reports.document.DocumentFormat",
                        "io.gridscope.reports.document.ReportFiles"))
                .because("a report is built and written on the gridscope-reports thread (ReportsService), never on"
                        + " the FX thread; view code only reads the document it is handed")
                .check(classes);
    }

    @Test
    void theConsoleChoosesItsIntensityLookupInOnePlace() {
        noClasses()
                .that()
                .resideInAPackage("io.gridscope.console..")
                .and()
                .resideOutsideOfPackage("io.gridscope.console.cli..")
                .and()
                .doNotHaveFullyQualifiedName("io.gridscope.console.app.AccountingIntensity")
                .should()
                .accessFieldWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a field of IntensityLookup",
                        a -> a.getTargetOwner().getName().equals("io.gridscope.reports.accounting.IntensityLookup")))
                .orShould()
                .implement("io.gridscope.reports.accounting.IntensityLookup")
                .because("the grid-intensity resolver is swapped in at one place: AccountingIntensity.lookupFor")
                .check(classes);
    }

    @Test
    void theIntensityRuleCatchesALookupChosenElsewhere() {
        JavaClasses withFixture =
                new ClassFileImporter().importPackages("io.gridscope.console.archfixture", "io.gridscope.console.app");
        assertThat(noClasses()
                        .that()
                        .resideInAPackage("io.gridscope.console..")
                        .and()
                        .doNotHaveFullyQualifiedName("io.gridscope.console.app.AccountingIntensity")
                        .should()
                        .accessFieldWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                                "a field of IntensityLookup",
                                a -> a.getTargetOwner()
                                        .getName()
                                        .equals("io.gridscope.reports.accounting.IntensityLookup")))
                        .evaluate(withFixture)
                        .getFailureReport()
                        .getDetails())
                .anyMatch(d -> d.contains("ReportWithItsOwnIntensity"));
    }

    @Test
    void viewCodeDoesNoIoWhileItIsBuilt() {
        noIoWhenBuilt().check(classes);
    }

    @Test
    void theConstructionRuleCatchesAViewThatLooksUpItsHost() {
        JavaClasses withFixture = new ClassFileImporter()
                .importPackages(
                        "io.gridscope.console.archfixture", "io.gridscope.console.app", "io.gridscope.collectors.host");
        assertThat(noIoWhenBuilt().evaluate(withFixture).getFailureReport().getDetails())
                .anyMatch(d -> d.contains("ViewThatLooksUpItsHost") && d.contains("HostIdentity"))
                .anyMatch(d -> d.contains("HostIdentity.detect"));
    }

    private static ArchRule noIoWhenBuilt() {
        return com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that()
                .resideInAnyPackage(UI + "..", "io.gridscope.console.archfixture..")
                .should(reachNoIoFromConstructorsOrStaticInitialisers())
                .because("views and view models are built on the FX thread, which never does I/O");
    }

    /**
     * Follows every call from a class's constructors and static initialiser into Gridscope's code (not into lambdas,
     * which run later and elsewhere) and reports each path that reaches an {@link #IO_TYPES I/O type}.
     */
    private static ArchCondition<JavaClass> reachNoIoFromConstructorsOrStaticInitialisers() {
        return new ArchCondition<>("reach no I/O from a constructor or static initialiser, directly or indirectly") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<JavaCodeUnit> roots = new ArrayList<>(c.getConstructors());
                c.getStaticInitializer().ifPresent(roots::add);
                Map<JavaCodeUnit, String> path = new HashMap<>();
                Deque<JavaCodeUnit> todo = new ArrayDeque<>();
                for (JavaCodeUnit r : roots) {
                    path.put(r, r.getFullName());
                    todo.add(r);
                }
                while (!todo.isEmpty() && path.size() < 20_000) {
                    JavaCodeUnit u = todo.poll();
                    for (JavaCall<?> call : u.getCallsFromSelf()) {
                        String owner = call.getTargetOwner().getName();
                        String via = path.get(u) + " -> " + call.getTarget().getFullName();
                        if (IO_TYPES.contains(owner) || owner.startsWith("java.io.File")) {
                            events.add(SimpleConditionEvent.violated(
                                    c, c.getName() + " does I/O while it is built: " + via));
                        } else if (owner.startsWith("io.gridscope.")) {
                            call.getTarget().resolveMember().ifPresent(m -> {
                                if (!path.containsKey(m)) {
                                    path.put(m, via);
                                    todo.add(m);
                                }
                            });
                        }
                    }
                }
            }
        };
    }
}
