package io.gridscope.reports.accounting;

import java.util.List;

/**
 * How the figures of a report were made, as sections of plain sentences a person can check by hand.
 *
 * @param sections titled groups of lines, in order (data, energy, carbon, cost, allocation, warnings)
 */
public record Methodology(List<Section> sections) {
    public Methodology {
        sections = List.copyOf(sections);
    }

    public record Section(String title, List<String> lines) {
        public Section {
            lines = List.copyOf(lines);
        }
    }

    public List<String> warnings() {
        return sections.stream()
                .filter(s -> s.title().equals(Methodology.WARNINGS))
                .flatMap(s -> s.lines().stream())
                .toList();
    }

    public static final String WARNINGS = "Warnings";
}
