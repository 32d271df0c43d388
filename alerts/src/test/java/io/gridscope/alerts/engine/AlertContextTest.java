package io.gridscope.alerts.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.rules.BuiltInRules;
import io.gridscope.alerts.rules.Comparison;
import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.RuleFile;
import io.gridscope.alerts.rules.RuleSet;
import io.gridscope.alerts.rules.Selector;
import io.gridscope.model.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rule's context series: its newest value and labels in the alert's texts, joined on the given labels. */
class AlertContextTest {
    @Test
    void theContextValueAndItsLabelsFillTheTexts() {
        Rule r = new Rule(
                        "Idle",
                        "",
                        EngineHarness.threshold("util_ratio", Comparison.LT, 0.05),
                        Duration.ZERO,
                        Duration.ZERO,
                        io.gridscope.alerts.rules.Severity.INFO,
                        Labels.EMPTY,
                        "{{ $labels.gpu_uuid }} idle, about {{ $context }} {{ $context_labels.currency }} a day",
                        "",
                        "",
                        true,
                        java.util.Optional.empty())
                .withContext(new Rule.Context(Selector.parse("cost_per_day"), List.of("gpu_uuid")));
        EngineHarness h = new EngineHarness(r);
        Labels g1 = Labels.of("host", "a", "gpu_uuid", "GPU-1");
        Labels g2 = Labels.of("host", "a", "gpu_uuid", "GPU-2");
        h.gauge("util_ratio", g1, 0.0).gauge("util_ratio", g2, 0.0);
        h.gauge("cost_per_day", Labels.of("host", "acct", "gpu_uuid", "GPU-1", "currency", "EUR"), 41.256);
        h.evaluate();
        assertThat(h.engine.openAlerts())
                .extracting(AlertInstance::summary)
                .containsExactlyInAnyOrder("GPU-1 idle, about 41.26 EUR a day", "GPU-2 idle, about unknown  a day");
    }

    @Test
    void theBuiltInIdleGpuRuleSaysWhatTheGpuCostsADay() {
        RuleSet set = RuleFile.parse("[settings]\nidle_gpu_after = \"10m\"\n", Path.of("alerts.toml"));
        Rule idle = set.rule("GpuIdleHoldingMemory").orElseThrow();
        assertThat(idle.context()).isPresent();
        EngineHarness h = new EngineHarness(idle);
        Labels gpu = Labels.of("host", "node-1", "gpu_uuid", "GPU-7");
        for (int i = 0; i <= 11 * 6; i++) {
            h.gauge("gpu_utilization_ratio", gpu, 0.01)
                    .gauge("gpu_memory_used_bytes", gpu, 8e9)
                    .gauge(
                            BuiltInRules.GPU_COST_PER_DAY,
                            Labels.of("host", "node-1", "gpu_uuid", "GPU-7", "currency", "EUR", "estimated", "true"),
                            19.2);
            h.after(Duration.ofSeconds(10));
        }
        assertThat(h.only().state()).isEqualTo(AlertState.FIRING);
        assertThat(h.only().summary()).isEqualTo("GPU GPU-7 (node-1) idle but holding memory, about 19.2 EUR a day");
        assertThat(h.only().description()).contains("costs about 19.2 EUR a day (estimated");
    }
}
