package io.gridscope.alerts.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.store.AlertActions;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.testsupport.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert service over a real history: states survive a restart, each notification goes out once, escalation,
 * snoozes, silences and acknowledgements decide who is told.
 */
class AlertServiceTest {
    static final String RULES = """
            [packs]
            gpu = false
            host = false
            sources = false
            accounting = false

            [settings]
            escalate_after = "5m"

            [[rule]]
            name = "Hot"
            series = 'temp_celsius'
            op = ">"
            value = 80
            clear = 75
            severity = "critical"
            summary = "{{ $labels.host }} at {{ $value }} °C"
            """;

    @TempDir
    Path dir;

    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z").toEpochMilli());
    List<AlertNotice> sent = new ArrayList<>();
    AlertService service;
    Path rules;

    @BeforeEach
    void history() throws Exception {
        HistoryStore.open(dir).close();
        rules = dir.resolve("alerts.toml");
        Files.writeString(rules, RULES);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    AlertService start() throws Exception {
        if (service != null) {
            service.close();
        }
        AlertNotifier recorder = new AlertNotifier() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public void send(AlertNotice n) {
                sent.add(n);
            }
        };
        service = new AlertService(dir, rules, clock, Duration.ofSeconds(1), List.of(recorder));
        service.open();
        return service;
    }

    void temp(String host, double v) {
        service.accept(Snapshot.of(
                "test",
                clock.millis(),
                List.of(new Sample(
                        SeriesId.gauge("temp_celsius", Unit.CELSIUS, Labels.of("host", host)), clock.millis(), v))));
    }

    void cycle() throws Exception {
        service.runOnce();
        clock.advance(Duration.ofSeconds(1));
    }

    List<AlertRow> rows() {
        try (HistoryReader r = HistoryReader.open(dir)) {
            return r.alerts(Set.of(), 0, 100);
        }
    }

    List<AuditEntry> audit(long id) {
        try (HistoryReader r = HistoryReader.open(dir)) {
            return r.audit("alert " + id, 100);
        }
    }

    @Test
    void aFiringAlertIsNotifiedOnceAndSurvivesARestartWithoutASecondNotification() throws Exception {
        start();
        temp("a", 90);
        cycle();
        cycle();
        assertThat(sent).extracting(AlertNotice::kind).containsExactly(AlertNotice.Kind.FIRING);
        assertThat(sent.get(0).title()).isEqualTo("[CRITICAL] a at 90 °C");
        long id = rows().get(0).id();

        start(); // a new process on the same data directory
        assertThat(service.openAlerts()).hasSize(1);
        cycle(); // no sample yet: the restored alert keeps firing
        temp("a", 91);
        cycle();
        assertThat(sent).hasSize(1);
        assertThat(rows()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(id);
            assertThat(r.state()).isEqualTo("firing");
        });
        assertThat(audit(id)).extracting(AuditEntry::action).containsExactly("notify");
    }

    @Test
    void hysteresisAndResolutionAreNotifiedOnceAndAnAcknowledgementEndsWithTheAlert() throws Exception {
        start();
        temp("a", 90);
        cycle();
        long id = rows().get(0).id();
        AlertActions actions = new AlertActions(dir, clock);
        assertThat(actions.acknowledge(id, "maria", "fan replaced tonight").done())
                .isTrue();
        temp("a", 78); // below the trigger, above clear: still firing
        cycle();
        assertThat(rows().get(0).state()).isEqualTo("firing");
        temp("a", 70);
        cycle();
        assertThat(rows().get(0).state()).isEqualTo("resolved");
        assertThat(sent)
                .extracting(AlertNotice::kind)
                .containsExactly(AlertNotice.Kind.FIRING, AlertNotice.Kind.RESOLVED);
        temp("a", 95); // a re-fire is a new alert: not acknowledged, notified again
        cycle();
        List<AlertRow> rows = rows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).acknowledged()).isFalse();
        assertThat(rows.get(1).ackBy()).isEqualTo("maria");
        assertThat(sent)
                .extracting(AlertNotice::kind)
                .containsExactly(AlertNotice.Kind.FIRING, AlertNotice.Kind.RESOLVED, AlertNotice.Kind.FIRING);
        assertThat(actions.acknowledge(id, "maria", "again").done())
                .as("a resolved alert cannot be acknowledged")
                .isFalse();
    }

    @Test
    void anUnacknowledgedCriticalAlertEscalatesOnceAndAnAcknowledgedOneDoesNot() throws Exception {
        start();
        temp("a", 90);
        temp("b", 90);
        cycle();
        long b = rows().stream()
                .filter(r -> r.labels().contains("\"b\""))
                .findFirst()
                .orElseThrow()
                .id();
        new AlertActions(dir, clock).acknowledge(b, "sam", "on it");
        for (int i = 0; i < 6 * 60; i++) {
            temp("a", 90);
            temp("b", 90);
            cycle();
        }
        assertThat(sent)
                .extracting(n -> n.kind() + " " + n.alert().summary())
                .containsExactlyInAnyOrder("FIRING a at 90 °C", "FIRING b at 90 °C", "ESCALATED a at 90 °C");
    }

    @Test
    void aSnoozedAlertIsNotifiedWhenTheSnoozeEndsAndASilencedOneNotAtAll() throws Exception {
        Files.writeString(rules, RULES.replace("value = 80\nclear = 75", "value = 80") + "for = \"2s\"\n");
        start();
        AlertActions actions = new AlertActions(dir, clock);
        assertThat(actions.silence("{host=\"b\"}", clock.instant().plus(Duration.ofHours(1)), "sam", "maintenance")
                        .done())
                .isTrue();
        temp("a", 90);
        temp("b", 90);
        cycle(); // pending: nothing stored as firing yet
        long a = rows().stream()
                .filter(r -> r.labels().contains("\"a\""))
                .findFirst()
                .orElseThrow()
                .id();
        assertThat(actions.snooze(a, clock.instant().plus(Duration.ofMinutes(1)), "sam", "")
                        .done())
                .isTrue();
        for (int i = 0; i < 30; i++) {
            temp("a", 90);
            temp("b", 90);
            cycle();
        }
        assertThat(sent).isEmpty();
        for (int i = 0; i < 40; i++) {
            temp("a", 90);
            temp("b", 90);
            cycle();
        }
        assertThat(sent).extracting(n -> n.kind() + " " + n.alert().summary()).containsExactly("FIRING a at 90 °C");
    }

    @Test
    void anInvalidRuleIsReportedWithFileLineAndFieldAndTheOthersRun() throws Exception {
        Files.writeString(rules, RULES + """

                [[rule]]
                name = "Broken"
                series = 'temp_celsius'
                op = "=>"
                value = 1
                """);
        start();
        assertThat(service.rules().problems())
                .singleElement()
                .hasToString(rules + ":22: op: '=>' is not one of >, >=, <, <=, ==, !=");
        temp("a", 90);
        cycle();
        assertThat(rows()).hasSize(1);
        assertThat(service.status().rules())
                .anySatisfy(s -> assertThat(s.rule()).isEqualTo("Hot"));
    }

    @Test
    void aRuleWithoutSeriesSaysNoData() throws Exception {
        start();
        cycle();
        assertThat(service.status().rules())
                .filteredOn(s -> s.rule().equals("Hot"))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.health().name()).isEqualTo("NO_DATA");
                    assertThat(s.detail()).contains("no series temp_celsius");
                });
        try (HistoryReader r = HistoryReader.open(dir)) {
            assertThat(r.ruleStatus())
                    .filteredOn(s -> s.rule().equals("Hot"))
                    .singleElement()
                    .satisfies(s -> assertThat(s.health()).isEqualTo("no_data"));
            assertThat(r.ruleStatus())
                    .filteredOn(s -> s.rule().equals("GpuLost"))
                    .singleElement()
                    .satisfies(s -> assertThat(s.health()).isEqualTo("disabled"));
        }
    }
}
