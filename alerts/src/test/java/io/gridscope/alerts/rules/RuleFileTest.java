package io.gridscope.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules file: the documented example, each kind of problem with file, line and field, packs and overrides. */
class RuleFileTest {
    private static final Path FILE = Path.of("/etc/gridscope/alerts.toml");

    private static RuleSet parse(String text) {
        return RuleFile.parse(text, FILE);
    }

    private static Rule rule(RuleSet set, String name) {
        return set.rule(name).orElseThrow(() -> new AssertionError("no rule " + name + " in " + set.rules()));
    }

    private static List<String> problems(RuleSet set) {
        return set.problems().stream().map(RuleProblem::toString).toList();
    }

    /** The example of RuleFile's class comment, as written there. */
    private static String documentedExample() throws IOException {
        String source = Files.readString(
                Path.of("src/main/java/io/gridscope/alerts/rules/RuleFile.java"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?s)<pre>\\n(.*?)</pre>").matcher(source);
        assertThat(m.find()).as("RuleFile's comment has an example").isTrue();
        StringBuilder sb = new StringBuilder();
        for (String line : m.group(1).split("\n")) {
            sb.append(line.replaceFirst("^\\s*\\* ?", "")).append('\n');
        }
        return sb.toString();
    }

    @Test
    void theCommentedExampleInDocsIsValid() throws IOException {
        Path example = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/alerts.example.toml");
        RuleSet set = RuleFile.load(example);
        assertThat(set.problems()).isEmpty();
        assertThat(set.rules())
                .extracting(Rule::name)
                .contains("TrainingNodeHot", "NetworkErrors", "NodeExporterGone", "NvlinkXid", "GpuXidCritical");
        assertThat(set.rule("GpuMemoryNearlyFull").orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(set.rule("HostSwapStorm").orElseThrow().enabled()).isFalse();
        assertThat(set.rule("IdleCostHigh").orElseThrow().enabled()).isTrue();
        assertThat(set.escalateAfter()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theDocumentedExampleParsesWithoutProblems() throws IOException {
        String example = documentedExample();
        assertThat(example).contains("[[rule]]").contains("TrainingNodeHot");
        RuleSet set = parse(example);
        assertThat(problems(set)).isEmpty();
        assertThat(set.packs()).containsEntry("gpu", true).containsEntry("accounting", false);
        assertThat(set.escalateAfter()).isEqualTo(Duration.ofMinutes(15));

        Rule hot = rule(set, "TrainingNodeHot");
        assertThat(hot.builtIn()).isFalse();
        assertThat(hot.origin()).hasValueSatisfying(o -> assertThat(o.file()).isEqualTo(FILE));
        assertThat(hot.forDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(hot.keepFiringFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(hot.severity()).isEqualTo(Severity.WARNING);
        assertThat(hot.labels().asMap()).containsEntry("team", "ml").containsEntry("route", "gpu");
        assertThat(hot.runbook()).isEqualTo("https://wiki.example/runbooks/gpu-hot");
        assertThat(hot.condition()).isInstanceOfSatisfying(Condition.Threshold.class, t -> {
            assertThat(t.series().toString()).isEqualTo("gpu_temperature_celsius{host=~\"train-.*\"}");
            assertThat(t.aggregation()).isEqualTo(Condition.Aggregation.AVG);
            assertThat(t.window()).isEqualTo(Duration.ofMinutes(5));
            assertThat(t.op()).isEqualTo(Comparison.GT);
            assertThat(t.value()).isEqualTo(80.0);
            assertThat(t.clear()).hasValue(75.0);
        });

        Rule full = rule(set, "GpuMemoryNearlyFull");
        assertThat(full.enabled()).isTrue();
        assertThat(full.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(full.forDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(full.keepFiringFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(full.condition()).isInstanceOfSatisfying(Condition.Threshold.class, t -> {
            assertThat(t.value()).isEqualTo(0.98);
            assertThat(t.clear()).hasValue(0.9);
        });
        assertThat(set.rules())
                .filteredOn(r -> r.pack().equals("accounting"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.enabled()).as(r.name()).isFalse());
        assertThat(rule(set, "IdleCostHigh").condition())
                .as("idle_cost_per_day_limit = 50")
                .isInstanceOfSatisfying(
                        Condition.Threshold.class, t -> assertThat(t.value()).isEqualTo(50.0));
    }

    @Test
    void noFileMeansTheBuiltInPacksWithTheirDefaults(@TempDir Path dir) throws IOException {
        RuleSet set = RuleFile.load(RuleFile.in(dir));
        assertThat(set.problems()).isEmpty();
        assertThat(set.rules()).hasSameSizeAs(BuiltInRules.all(BuiltInRules.Settings.defaults()));
        assertThat(set.rules()).allSatisfy(r -> assertThat(r.builtIn()).isTrue());
        assertThat(rule(set, "IdleCostHigh").enabled())
                .as("off without a limit")
                .isFalse();
        assertThat(set.enabledRules()).hasSize(set.rules().size() - 1);
        assertThat(set.rules()).extracting(Rule::name).doesNotHaveDuplicates();
    }

    @Test
    void aFileIsReadFromDisk(@TempDir Path dir) throws IOException {
        Path file = RuleFile.in(dir);
        Files.writeString(file, "[packs]\nhost = false\n");
        RuleSet set = RuleFile.load(file);
        assertThat(set.problems()).isEmpty();
        assertThat(set.file()).hasValue(file);
        assertThat(rule(set, "HostSwapStorm").enabled()).isFalse();
    }

    @Test
    void anUnknownKeyNamesFileLineAndField() {
        RuleSet set = parse("""
                [[rule]]
                name = "A"
                series = 'x_ratio'
                op = ">"
                value = 1
                severty = "critical"
                """);
        assertThat(problems(set))
                .singleElement()
                .asString()
                .startsWith("/etc/gridscope/alerts.toml:6: severty: unknown key in [[rule]]");
        assertThat(set.rule("A")).isEmpty();
    }

    @Test
    void aControlCharacterInAStringIsAProblemNotACrash() {
        // a NUL in a file name would throw InvalidPathException where the token file's path is made
        RuleSet set = parse("""
                [alertmanager]
                url = "http://127.0.0.1:9093"
                bearer_token_file = "/etc/gridscope/am\u0000token"
                """);
        assertThat(problems(set))
                .singleElement()
                .asString()
                .startsWith("/etc/gridscope/alerts.toml:3: ")
                .contains("control character U+0000");
        assertThat(set.alertmanager()).isEmpty();
    }

    @Test
    void unknownKeysOfEverySection() {
        RuleSet set = parse("""
                top = 1
                [packs]
                gpus = true
                [settings]
                gpu_margin = 5
                [[override]]
                rule = "GpuLost"
                level = "info"
                [alerts]
                """);
        assertThat(problems(set))
                .containsExactly(
                        "/etc/gridscope/alerts.toml:1: top: unknown key at the top of the file; keys go in [packs],"
                                + " [settings], [[override]] or [[rule]]",
                        "/etc/gridscope/alerts.toml:3: gpus: unknown pack; the packs are [gpu, host, sources,"
                                + " accounting]",
                        problems(set).get(2),
                        problems(set).get(3),
                        problems(set).get(4));
        assertThat(problems(set).get(2)).startsWith("/etc/gridscope/alerts.toml:5: gpu_margin: unknown setting");
        assertThat(problems(set).get(3)).startsWith("/etc/gridscope/alerts.toml:8: level: unknown key in [[override]]");
        assertThat(problems(set).get(4)).startsWith("/etc/gridscope/alerts.toml:9: [alerts]: unknown table");
        assertThat(rule(set, "GpuLost").severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aBadSelectorNamesItsField() {
        RuleSet set = parse("""
                [[rule]]
                name = "A"
                series = 'x_ratio{host="a"'
                op = ">"
                value = 1

                [[rule]]
                name = "B"
                series = 'x_ratio'
                divided_by = 'y_ratio{host=a}'
                op = ">"
                value = 1
                """);
        assertThat(problems(set)).hasSize(2);
        assertThat(problems(set).get(0))
                .startsWith("/etc/gridscope/alerts.toml:3: series: ")
                .contains("{ }");
        assertThat(problems(set).get(1))
                .startsWith("/etc/gridscope/alerts.toml:10: divided_by: ")
                .contains("double quotes");
        assertThat(set.rule("A")).isEmpty();
        assertThat(set.rule("B")).isEmpty();
    }

    @Test
    void aBadDurationNamesItsField() {
        RuleSet set = parse("""
                [settings]
                escalate_after = "soon"

                [[rule]]
                name = "A"
                series = 'x_ratio'
                op = ">"
                value = 1
                for = "5 parsecs"
                keep_firing_for = 5
                """);
        assertThat(problems(set)).hasSize(3);
        assertThat(problems(set).get(0)).startsWith("/etc/gridscope/alerts.toml:2: escalate_after: ");
        assertThat(problems(set).get(1)).startsWith("/etc/gridscope/alerts.toml:9: for: ");
        assertThat(problems(set).get(2))
                .isEqualTo("/etc/gridscope/alerts.toml:10: keep_firing_for: a quoted duration, e.g. \"5m\"");
        assertThat(set.escalateAfter()).isEqualTo(RuleSet.DEFAULT_ESCALATE_AFTER);
    }

    @Test
    void clearOnTheWrongSideOfTheThreshold() {
        RuleSet set = parse("""
                [[rule]]
                name = "Hot"
                series = 'temp_celsius'
                op = ">"
                value = 80
                clear = 85

                [[rule]]
                name = "LowFree"
                series = 'free_ratio'
                op = "<"
                value = 0.05
                clear = 0.01

                [[override]]
                rule = "GpuMemoryNearlyFull"
                clear = 0.99
                """);
        assertThat(problems(set))
                .containsExactly(
                        "/etc/gridscope/alerts.toml:6: clear: the clear threshold must lie on the quiet side of > 80"
                                + " (at or below it)",
                        "/etc/gridscope/alerts.toml:13: clear: the clear threshold must lie on the quiet side of <"
                                + " 0.05 (at or above it)",
                        "/etc/gridscope/alerts.toml:17: clear: the clear threshold must lie on the quiet side of >"
                                + " 0.95 (at or below it)");
        assertThat(set.rule("Hot")).isEmpty();
        assertThat(set.rule("LowFree")).isEmpty();
        assertThat(rule(set, "GpuMemoryNearlyFull").condition())
                .as("the override is not applied")
                .isEqualTo(rule(parse(""), "GpuMemoryNearlyFull").condition());
    }

    @Test
    void duplicateNamesAndNamesOfBuiltIns() {
        RuleSet set = parse("""
                [[rule]]
                name = "Mine"
                series = 'x_ratio'
                op = ">"
                value = 1

                [[rule]]
                name = "Mine"
                series = 'y_ratio'
                op = ">"
                value = 2

                [[rule]]
                name = "GpuLost"
                series = 'gpu_up'
                op = "<"
                value = 1
                """);
        assertThat(problems(set))
                .containsExactly(
                        "/etc/gridscope/alerts.toml:8: name: a rule of this name is defined earlier in the file",
                        "/etc/gridscope/alerts.toml:14: name: a built-in rule has this name; change it with"
                                + " [[override]] or choose another name");
        assertThat(rule(set, "Mine").condition())
                .isInstanceOfSatisfying(
                        Condition.Threshold.class,
                        t -> assertThat(t.series().metric()).isEqualTo("x_ratio"));
        assertThat(rule(set, "GpuLost").builtIn()).isTrue();
    }

    @Test
    void anOverrideOfAnUnknownRule() {
        RuleSet set = parse("""
                [[override]]
                rule = "GpuOnFire"
                enabled = false

                [[override]]
                enabled = false
                """);
        assertThat(problems(set))
                .containsExactly(
                        "/etc/gridscope/alerts.toml:2: rule: no built-in rule is called 'GpuOnFire'",
                        "/etc/gridscope/alerts.toml:5: rule: an override names the built-in rule it changes");
    }

    @Test
    void anOverrideCannotChangeARuleOfTheFile() {
        RuleSet set = parse("""
                [[rule]]
                name = "Mine"
                series = 'x_ratio'
                op = ">"
                value = 1

                [[override]]
                rule = "Mine"
                value = 2
                """);
        assertThat(problems(set))
                .containsExactly("/etc/gridscope/alerts.toml:8: rule: no built-in rule is called 'Mine'");
    }

    @Test
    void anUnknownPackOrAPackThatIsNotABoolean() {
        RuleSet set = parse("""
                [packs]
                network = false
                host = "no"
                """);
        assertThat(problems(set))
                .containsExactly(
                        "/etc/gridscope/alerts.toml:2: network: unknown pack; the packs are [gpu, host, sources,"
                                + " accounting]",
                        "/etc/gridscope/alerts.toml:3: host: true or false, without quotes");
        assertThat(set.packs()).containsEntry("host", true);
    }

    @Test
    void aSyntaxErrorKeepsTheBuiltInsRunning() {
        RuleSet set = parse("""
                [packs]
                host = false

                [[rule]]
                name = "Broken
                """);
        assertThat(set.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(FILE);
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.toString()).contains("the built-in packs run with their defaults");
        });
        assertThat(set.rules()).hasSameSizeAs(BuiltInRules.all(BuiltInRules.Settings.defaults()));
        assertThat(rule(set, "HostSwapStorm").enabled())
                .as("defaults: the file is not half-read")
                .isTrue();
        assertThat(set.enabledRules()).isNotEmpty();
    }

    @Test
    void anInvalidRuleIsLeftOutWhileTheOthersLoad() {
        RuleSet set = parse("""
                [[rule]]
                name = "Good"
                series = 'x_ratio'
                op = ">"
                value = 1

                [[rule]]
                name = "Bad"
                series = 'y_ratio'
                op = "=>"
                value = 1

                [[rule]]
                name = "AlsoGood"
                condition = "absent"
                series = 'z_seconds{collector="nvml"}'
                stale_after = "2m"

                [[rule]]
                name = "NoValue"
                series = 'y_ratio'
                op = ">"
                """);
        assertThat(problems(set))
                .containsExactly(
                        "/etc/gridscope/alerts.toml:10: op: '=>' is not one of >, >=, <, <=, ==, !=",
                        "/etc/gridscope/alerts.toml:19: value: the threshold is missing");
        assertThat(set.rules())
                .extracting(Rule::name)
                .contains("Good", "AlsoGood")
                .doesNotContain("Bad", "NoValue");
        assertThat(rule(set, "AlsoGood").condition())
                .isEqualTo(
                        new Condition.Absent(Selector.parse("z_seconds{collector=\"nvml\"}"), Duration.ofMinutes(2)));
    }

    @Test
    void everyKindOfRuleParses() {
        RuleSet set = parse("""
                [[rule]]
                name = "Errors"
                condition = "increase"
                series = 'errors_total{kind="uncorrected"}'
                window = "10m"
                op = ">"
                value = 0
                keep_firing_for = "10m"

                [[rule]]
                name = "ErrorRate"
                condition = "rate"
                series = 'errors_total'
                window = "5m"
                op = ">"
                value = 0.5
                clear = 0.1

                [[rule]]
                name = "SwapGrowth"
                condition = "delta"
                series = 'swap_bytes'
                window = "5m"
                op = ">"
                value = 1_000_000

                [[rule]]
                name = "FullSoon"
                condition = "predict"
                series = 'available_bytes{mountpoint="/data"}'
                window = "1h"
                horizon = "24h"
                op = "<="
                value = 0

                [[rule]]
                name = "Xid79"
                event = 'gpu_xid{xid="79"}'
                severity = "critical"

                [[rule]]
                name = "NearSlowdown"
                series = 'gpu_temperature_celsius'
                minus = 'gpu_temperature_slowdown_celsius'
                on = ["host", "gpu_uuid"]
                op = ">="
                value = -5

                [[rule]]
                name = "IdleHolding"
                series = 'gpu_utilization_ratio'
                aggregate = "max"
                window = "30m"
                op = "<"
                value = 0.05
                and_series = 'gpu_memory_used_bytes'
                and_op = ">"
                and_value = 1e9
                on = ["host", "gpu_uuid"]
                enabled = false
                """);
        assertThat(problems(set)).isEmpty();
        assertThat(rule(set, "Errors").condition())
                .isEqualTo(new Condition.Change(
                        Selector.parse("errors_total{kind=\"uncorrected\"}"),
                        Condition.Change.Function.INCREASE,
                        Duration.ofMinutes(10),
                        Comparison.GT,
                        0,
                        java.util.OptionalDouble.empty()));
        assertThat(rule(set, "Errors").keepFiringFor()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rule(set, "ErrorRate").condition()).isInstanceOfSatisfying(Condition.Change.class, c -> {
            assertThat(c.function()).isEqualTo(Condition.Change.Function.RATE);
            assertThat(c.clear()).hasValue(0.1);
        });
        assertThat(rule(set, "SwapGrowth").condition())
                .isInstanceOfSatisfying(
                        Condition.Change.class, c -> assertThat(c.value()).isEqualTo(1e6));
        assertThat(rule(set, "FullSoon").condition())
                .isEqualTo(new Condition.Predict(
                        Selector.parse("available_bytes{mountpoint=\"/data\"}"),
                        Duration.ofHours(1),
                        Duration.ofHours(24),
                        Comparison.LE,
                        0));
        Rule xid = rule(set, "Xid79");
        assertThat(xid.condition())
                .isEqualTo(new Condition.Event("gpu_xid", List.of(io.gridscope.alerts.rules.Matcher.eq("xid", "79"))));
        assertThat(xid.keepFiringFor()).as("an event rule's default").isEqualTo(Duration.ofMinutes(30));
        assertThat(xid.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(xid.summary()).as("a default summary").isEqualTo("Xid79 on {{ $labels.host }}: {{ $value }}");
        assertThat(rule(set, "NearSlowdown").condition())
                .isInstanceOfSatisfying(
                        Condition.Threshold.class,
                        t -> assertThat(t.operand())
                                .hasValue(new Condition.Operand(
                                        Selector.parse("gpu_temperature_slowdown_celsius"),
                                        Condition.Operand.Arithmetic.MINUS,
                                        List.of("host", "gpu_uuid"))));
        Rule idle = rule(set, "IdleHolding");
        assertThat(idle.enabled()).isFalse();
        assertThat(idle.condition()).isInstanceOfSatisfying(Condition.Threshold.class, t -> {
            assertThat(t.aggregation()).isEqualTo(Condition.Aggregation.MAX);
            assertThat(t.guard())
                    .hasValue(new Condition.Guard(
                            Selector.parse("gpu_memory_used_bytes"), Comparison.GT, 1e9, List.of("host", "gpu_uuid")));
        });
    }

    @Test
    void problemsOfRuleFields() {
        RuleSet set = parse("""
                [[rule]]
                name = "9lives"
                series = 'x_ratio'
                condition = "sometimes"
                labels = ["team", "alertname=x"]
                summary = "{{ $val }}"
                runbook = "wiki/page"
                severity = "urgent"

                [[rule]]
                name = "NoWindow"
                series = 'x_ratio'
                aggregate = "avg"
                op = ">"
                value = "1"
                """);
        assertThat(problems(set))
                .containsExactly(
                        "/etc/gridscope/alerts.toml:2: name: '9lives' is not a rule name (a letter, then letters,"
                                + " digits and _)",
                        "/etc/gridscope/alerts.toml:4: condition: 'sometimes' is not one of threshold, rate,"
                                + " increase, delta, absent, predict, event",
                        "/etc/gridscope/alerts.toml:5: labels: 'team' is not name=value",
                        "/etc/gridscope/alerts.toml:5: labels: alertname is set from the rule itself",
                        "/etc/gridscope/alerts.toml:6: summary: {{ $val }} is not a template field; use {{ $value"
                                + " }}, {{ $threshold }}, {{ $percent }}, {{ $labels.NAME }}, {{ $context }} or"
                                + " {{ $context_labels.NAME }}",
                        "/etc/gridscope/alerts.toml:7: runbook: a link starting with http:// or https://",
                        "/etc/gridscope/alerts.toml:8: severity: 'urgent' is not one of critical, warning, info",
                        "/etc/gridscope/alerts.toml:10: window: avg needs a window, e.g. window = \"5m\"",
                        "/etc/gridscope/alerts.toml:15: value: a number, written without quotes");
        assertThat(set.rules()).allSatisfy(r -> assertThat(r.builtIn()).isTrue());
    }

    @Test
    void packsSwitchOff() {
        RuleSet set = parse("""
                [packs]
                gpu = false
                sources = false
                """);
        assertThat(set.problems()).isEmpty();
        assertThat(set.packs())
                .containsEntry("gpu", false)
                .containsEntry("sources", false)
                .containsEntry("host", true);
        assertThat(set.rules())
                .filteredOn(r -> r.pack().equals("gpu"))
                .isNotEmpty()
                .noneMatch(Rule::enabled);
        assertThat(set.rules())
                .filteredOn(r -> r.pack().equals("sources"))
                .isNotEmpty()
                .noneMatch(Rule::enabled);
        assertThat(set.rules())
                .filteredOn(r -> r.pack().equals("host"))
                .isNotEmpty()
                .allMatch(Rule::enabled);
    }

    @Test
    void settingsChangeTheBuiltInThresholds() {
        RuleSet set = parse("""
                [settings]
                escalate_after = "30m"
                gpu_temperature_margin = 8
                filesystem_full_within = "6h"
                idle_gpu_after = "1h"
                gpu_memory_nearly_full = 0.9
                collector_pass_budget = "2s"
                idle_cost_per_day_limit = 25
                """);
        assertThat(set.problems()).isEmpty();
        assertThat(set.escalateAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(rule(set, "GpuTemperatureNearSlowdown").condition())
                .isInstanceOfSatisfying(Condition.Threshold.class, t -> {
                    assertThat(t.value()).isEqualTo(-8.0);
                    assertThat(t.clear()).hasValue(-11.0);
                });
        assertThat(rule(set, "FilesystemFullSoon").condition())
                .isInstanceOfSatisfying(
                        Condition.Predict.class, p -> assertThat(p.horizon()).isEqualTo(Duration.ofHours(6)));
        assertThat(rule(set, "GpuIdleHoldingMemory").forDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(rule(set, "GpuMemoryNearlyFull").condition())
                .isInstanceOfSatisfying(Condition.Threshold.class, t -> {
                    assertThat(t.value()).isEqualTo(0.9);
                    assertThat(t.clear().getAsDouble()).isCloseTo(0.85, org.assertj.core.api.Assertions.within(1e-12));
                });
        assertThat(rule(set, "CollectorOverBudget").condition())
                .isInstanceOfSatisfying(
                        Condition.Threshold.class, t -> assertThat(t.value()).isEqualTo(2.0));
        Rule idleCost = rule(set, "IdleCostHigh");
        assertThat(idleCost.enabled()).isTrue();
        assertThat(idleCost.condition())
                .isInstanceOfSatisfying(
                        Condition.Threshold.class, t -> assertThat(t.value()).isEqualTo(25.0));
    }

    @Test
    void settingsOutOfRange() {
        RuleSet set = parse("""
                [settings]
                gpu_memory_nearly_full = 95
                idle_cost_per_day_limit = -1
                idle_gpu_after = "0s"
                """);
        assertThat(problems(set)).hasSize(3);
        assertThat(problems(set).get(0))
                .isEqualTo("/etc/gridscope/alerts.toml:2: gpu_memory_nearly_full: a ratio between 0 and 1, e.g. 0.95");
        assertThat(problems(set).get(1))
                .isEqualTo("/etc/gridscope/alerts.toml:3: idle_cost_per_day_limit: must not be negative");
        assertThat(problems(set).get(2)).startsWith("/etc/gridscope/alerts.toml:4: idle_gpu_after: ");
        assertThat(rule(set, "GpuIdleHoldingMemory").forDuration()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void overridesChangeSeverityForValueClearAndEnabled() {
        RuleSet set = parse("""
                [[override]]
                rule = "GpuLost"
                severity = "warning"
                for = "1m"
                keep_firing_for = "3m"

                [[override]]
                rule = "HostSwapStorm"
                enabled = false

                [[override]]
                rule = "GpuEccUncorrected"
                value = 5

                [[override]]
                rule = "FilesystemNearlyFull"
                value = 0.1
                clear = 0.15

                [[override]]
                rule = "FilesystemFullSoon"
                value = 1e9

                [[override]]
                rule = "GpuThermalThrottling"
                value = 0.7
                """);
        assertThat(problems(set)).isEmpty();
        Rule lost = rule(set, "GpuLost");
        assertThat(lost.severity()).isEqualTo(Severity.WARNING);
        assertThat(lost.forDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(lost.keepFiringFor()).isEqualTo(Duration.ofMinutes(3));
        assertThat(lost.origin()).hasValueSatisfying(o -> assertThat(o.line()).isEqualTo(1));
        assertThat(lost.builtIn()).isTrue();
        assertThat(rule(set, "HostSwapStorm").enabled()).isFalse();
        assertThat(rule(set, "GpuEccUncorrected").condition())
                .isInstanceOfSatisfying(
                        Condition.Change.class, c -> assertThat(c.value()).isEqualTo(5.0));
        assertThat(rule(set, "FilesystemNearlyFull").condition())
                .isInstanceOfSatisfying(Condition.Threshold.class, t -> {
                    assertThat(t.value()).isEqualTo(0.1);
                    assertThat(t.clear()).hasValue(0.15);
                });
        assertThat(rule(set, "FilesystemFullSoon").condition())
                .isInstanceOfSatisfying(
                        Condition.Predict.class, p -> assertThat(p.value()).isEqualTo(1e9));
        assertThat(rule(set, "GpuThermalThrottling").condition())
                .as("a new value without clear drops the old clear, which may lie on the wrong side")
                .isInstanceOfSatisfying(Condition.Threshold.class, t -> {
                    assertThat(t.value()).isEqualTo(0.7);
                    assertThat(t.clear()).isEmpty();
                });
    }

    @Test
    void overridesThatCannotApply() {
        RuleSet set = parse("""
                [[override]]
                rule = "GpuXid"
                value = 3

                [[override]]
                rule = "FilesystemFullSoon"
                clear = 5

                [[override]]
                rule = "GpuLost"
                severity = "page"
                for = "1m"
                """);
        assertThat(problems(set))
                .containsExactly(
                        "/etc/gridscope/alerts.toml:3: value: this rule has no threshold to change",
                        "/etc/gridscope/alerts.toml:7: clear: a forecast rule has no clear threshold",
                        "/etc/gridscope/alerts.toml:11: severity: 'page' is not one of critical, warning, info");
        assertThat(rule(set, "GpuLost").forDuration())
                .as("an override with a problem is not applied at all")
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void anOverrideSwitchesOnARuleOfAPackThatIsOff() {
        RuleSet set = parse("""
                [packs]
                gpu = false

                [[override]]
                rule = "GpuXidCritical"
                enabled = true
                """);
        assertThat(set.problems()).isEmpty();
        assertThat(rule(set, "GpuXidCritical").enabled()).isTrue();
        assertThat(rule(set, "GpuXid").enabled()).isFalse();
    }

    @Test
    void singleTablesForRulesAreNamed() {
        RuleSet set = parse("""
                [rule]
                name = "A"
                series = 'x_ratio'
                op = ">"
                value = 1
                """);
        assertThat(problems(set)).contains("/etc/gridscope/alerts.toml:1: [rule]: write [[rule]] (one per rule)");
    }

    @Test
    void aFileTooLargeIsNotRead(@TempDir Path dir) throws IOException {
        Path file = RuleFile.in(dir);
        Files.writeString(file, "#".repeat((int) RuleFile.MAX_BYTES + 1));
        RuleSet set = RuleFile.load(file);
        assertThat(set.problems()).singleElement().asString().contains("at most " + RuleFile.MAX_BYTES);
        assertThat(set.rules()).hasSameSizeAs(BuiltInRules.all(BuiltInRules.Settings.defaults()));
    }
}
