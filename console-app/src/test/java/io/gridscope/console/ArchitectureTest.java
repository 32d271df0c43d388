package io.gridscope.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of docs/architecture.md, checked over the production classes of every module on this class path.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.gridscope");
        assertThat(classes.stream().map(c -> c.getPackageName()))
                .anyMatch(p -> p.startsWith("io.gridscope.model"))
                .anyMatch(p -> p.startsWith("io.gridscope.collectors"))
                .anyMatch(p -> p.startsWith("io.gridscope.history"))
                .anyMatch(p -> p.startsWith("io.gridscope.console"));
    }

    @Test
    void onlyTheConsoleUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage("io.gridscope.console..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void collectorsDoNotDependOnHistoryOrTheConsole() {
        noClasses().that().resideInAPackage("io.gridscope.collectors..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gridscope.history..", "io.gridscope.console..")
                .check(classes);
    }

    @Test
    void historyDoesNotDependOnTheConsoleOrNativeCollectorLibraries() {
        noClasses().that().resideInAPackage("io.gridscope.history..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gridscope.console..", "oshi..", "com.sun.jna..")
                .check(classes);
    }

    @Test
    void historyUsesTheModelNotTheCollectors() {
        noClasses().that().resideInAPackage("io.gridscope.history..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gridscope.collectors..")
                .because("history (and the accounting and alerting above it) needs only the telemetry model")
                .check(classes);
    }

    @Test
    void theModelDependsOnTheJdkAlone() {
        noClasses().that().resideInAPackage("io.gridscope.model..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.gridscope.model..", "java..")
                .check(classes);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("io.gridscope.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void viewCodeDoesNoIoOfItsOwn() {
        noClasses().that().resideInAPackage("io.gridscope.console.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "java.net.http..", "java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.gridscope.history.HistoryStore")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.gridscope.console.app.Telemetry")
                .because("the FX thread never does I/O: view code reaches data only through ConsoleController, "
                        + "whose backend calls run on the gridscope-console-io thread")
                .check(classes);
    }
}
