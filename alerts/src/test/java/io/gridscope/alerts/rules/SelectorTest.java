package io.gridscope.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.model.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SelectorTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "gpu_temperature_celsius",
                "node:cpu_seconds:rate5m",
                "gpu_temperature_celsius{host=\"gpu-01\"}",
                "gpu_temperature_celsius{host=\"gpu-01\",gpu_uuid=~\"GPU-.*\"}",
                "x_ratio{a!=\"1\",b!~\"x|y\",c=\"\"}",
                "x_ratio{path=\"C:\\\\data\",quote=\"say \\\"hi\\\"\"}",
            })
    void roundTrips(String text) {
        Selector s = Selector.parse(text);
        assertThat(s.toString()).isEqualTo(text);
        assertThat(Selector.parse(s.toString())).isEqualTo(s);
    }

    @Test
    void spacesAreAllowedAndNormalised() {
        Selector s = Selector.parse("  x_ratio{ host = \"a\" ,  gpu =~ \"G.*\" , }  ");
        assertThat(s.metric()).isEqualTo("x_ratio");
        assertThat(s.matchers()).containsExactly(Matcher.eq("host", "a"), Matcher.of("gpu", Matcher.Op.RE, "G.*"));
        assertThat(s.toString()).isEqualTo("x_ratio{host=\"a\",gpu=~\"G.*\"}");
        assertThat(Selector.parse("x_ratio{}")).isEqualTo(Selector.of("x_ratio"));
    }

    @Test
    void escapesInValues() {
        Selector s = Selector.parse("x_ratio{a=\"line\\nbreak\",b=\"back\\\\slash\"}");
        assertThat(s.matchers().get(0).value()).isEqualTo("line\nbreak");
        assertThat(s.matchers().get(1).value()).isEqualTo("back\\slash");
    }

    @Test
    void matching() {
        Selector s = Selector.parse("x_ratio{host=\"a\",gpu=~\"GPU-[0-9]\",mig=\"\",team!=\"ops\"}");
        assertThat(s.matches("x_ratio", Labels.of("host", "a", "gpu", "GPU-1"))).isTrue();
        assertThat(s.matches("y_ratio", Labels.of("host", "a", "gpu", "GPU-1"))).isFalse();
        assertThat(s.matches("x_ratio", Labels.of("host", "a", "gpu", "GPU-12")))
                .as("whole value")
                .isFalse();
        assertThat(s.matches("x_ratio", Labels.of("host", "a", "gpu", "GPU-1", "mig", "M")))
                .as("mig=\"\" means absent")
                .isFalse();
        assertThat(s.matches("x_ratio", Labels.of("host", "a", "gpu", "GPU-1", "team", "ops")))
                .isFalse();
        assertThat(s.equalityLabels()).isEqualTo(Labels.of("host", "a"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{host=\"a\"}",
                "9lives",
                "x_ratio host=\"a\"",
                "x_ratio{host=\"a\"",
                "x_ratio{host=a}",
                "x_ratio{host}",
                "x_ratio{host==\"a\"}",
                "x_ratio{host=\"a}",
                "x_ratio{host=\"a\" gpu=\"b\"}",
                "x_ratio{=\"a\"}",
                "x_ratio{host=~\"(\"}",
            })
    void errorsSayWhatIsWrong(String text) {
        assertThatThrownBy(() -> Selector.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "'");
    }

    @Test
    void errorMessages() {
        assertThatThrownBy(() -> Selector.parse("9lives")).hasMessageContaining("does not start with a metric name");
        assertThatThrownBy(() -> Selector.parse("x_ratio{host=a}")).hasMessageContaining("double quotes");
        assertThatThrownBy(() -> Selector.parse("x_ratio{host}")).hasMessageContaining("needs =, !=, =~ or !~");
        assertThatThrownBy(() -> Selector.parse("x_ratio{host=\"a\" gpu=\"b\"}"))
                .hasMessageContaining("separated by commas");
        assertThatThrownBy(() -> Selector.parse("x_ratio{host=~\"(\"}"))
                .hasMessageContaining("label host: not a regular expression");
        assertThatThrownBy(() -> Selector.parse("x_ratio{=\"a\"}")).hasMessageContaining("a label name is expected");
    }

    @Test
    void theBuiltInSelectorsRoundTrip() {
        List<Selector> all = BuiltInRules.all(BuiltInRules.Settings.defaults()).stream()
                .flatMap(r -> switch (r.condition()) {
                    case Condition.Threshold t -> java.util.stream.Stream.of(t.series());
                    case Condition.Change c -> java.util.stream.Stream.of(c.series());
                    case Condition.Predict p -> java.util.stream.Stream.of(p.series());
                    case Condition.Absent a -> java.util.stream.Stream.of(a.series());
                    case Condition.Event e -> java.util.stream.Stream.of(new Selector(e.type(), e.matchers()));
                })
                .toList();
        assertThat(all)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(Selector.parse(s.toString())).isEqualTo(s));
    }
}
