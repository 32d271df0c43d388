package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceSpecRemovalTest {
    @TempDir
    Path config;

    @Test
    void removingASourceDeletesItsKeysAndKeepsTheOthers() throws Exception {
        UiSettings settings = UiSettings.empty();
        settings.put("page", "HOSTS");
        SourceSpec.of(
                        "n1",
                        SourceSpec.Type.EXPORTER,
                        "http://127.0.0.1:9100/metrics",
                        ScrapePreset.Kind.NODE_EXPORTER,
                        "5s",
                        SourceAuth.NONE,
                        false)
                .storeInto(settings);
        SourceSpec.of(
                        "n2",
                        SourceSpec.Type.EXPORTER,
                        "http://127.0.0.1:9101/metrics",
                        ScrapePreset.Kind.NODE_EXPORTER,
                        "5s",
                        SourceAuth.NONE,
                        false)
                .storeInto(settings);

        SourceSpec.removeFrom(settings, "n1");
        settings.save(config);

        UiSettings reread = UiSettings.load(config);
        assertThat(reread.keys()).noneMatch(k -> k.startsWith("source.n1."));
        assertThat(reread.get("page")).contains("HOSTS");
        assertThat(SourceSpec.loadAll(reread)).extracting(SourceSpec::id).containsExactly("n2");
    }

    @Test
    void removingASourceKeepsOneWhoseIdStartsWithItsId() {
        UiSettings settings = UiSettings.empty();
        for (String id : new String[] {"node", "node.2"}) {
            SourceSpec.of(
                            id,
                            SourceSpec.Type.EXPORTER,
                            "http://127.0.0.1:9100/metrics",
                            ScrapePreset.Kind.NODE_EXPORTER,
                            "5s",
                            SourceAuth.NONE,
                            false)
                    .storeInto(settings);
        }

        SourceSpec.removeFrom(settings, "node");

        assertThat(SourceSpec.loadAll(settings)).extracting(SourceSpec::id).containsExactly("node.2");
        assertThat(SourceSpec.isSaved(settings, "node")).isFalse();
        assertThat(SourceSpec.isSaved(settings, "node.2")).isTrue();
        assertThat(settings.keys()).allMatch(k -> k.startsWith("source.node.2."));
    }
}
