package io.gridscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void labelsAreSortedByNameWhateverTheInputOrder() {
        Labels a = Labels.of("host", "h1", "cpu", "0");
        Labels b = Labels.of("cpu", "0", "host", "h1");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.canonical()).isEqualTo("{cpu=\"0\",host=\"h1\"}");
    }

    @Test
    void canonicalFormRoundTripsEscapes() {
        Labels l = Labels.of("path", "C:\\dir \"x\"\nnext", "a", "=,{}");
        assertThat(Labels.parse(l.canonical())).isEqualTo(l);
    }

    @Test
    void emptyValuesMeanAbsentLabels() {
        assertThat(Labels.of("a", "", "b", "1")).isEqualTo(Labels.of("b", "1"));
        assertThat(Labels.parse("{}")).isSameAs(Labels.EMPTY);
    }

    @Test
    void invalidNamesAndDuplicatesAreRejected() {
        assertThatThrownBy(() -> Labels.of("1bad", "x")).hasMessageContaining("invalid label name");
        assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> Labels.parse("{a=\"1\",a=\"2\"}")).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> Labels.parse("{a=\"open}")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> Labels.parse("a=\"1\"")).hasMessageContaining("braces");
    }

    @Test
    void containsAllMatchesSubsets() {
        Labels l = Labels.of("host", "h", "cpu", "total");
        assertThat(l.containsAll(Labels.of("cpu", "total"))).isTrue();
        assertThat(l.containsAll(Labels.EMPTY)).isTrue();
        assertThat(l.containsAll(Labels.of("cpu", "0"))).isFalse();
        assertThat(l.containsAll(Labels.of("gpu", "x"))).isFalse();
        assertThat(l.with("cpu", "1").get("cpu")).contains("1");
    }
}
