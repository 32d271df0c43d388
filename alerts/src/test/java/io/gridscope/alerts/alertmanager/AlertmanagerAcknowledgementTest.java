package io.gridscope.alerts.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How every console reads an acknowledgement out of Alertmanager's silences. */
class AlertmanagerAcknowledgementTest {
    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
    private static final Map<String, String> LABELS = Map.of("alertname", "X", "gpu", "0");
    /** What Alertmanager 0.25 answered for an alert with exactly {@link #LABELS}. */
    private static final String FINGERPRINT = "24a5775b09bed194";

    private static AmSilence silence(List<AmMatcher> matchers, String comment, AmSilence.State state) {
        return new AmSilence("sil-1", matchers, T, T.plusSeconds(3600), Optional.empty(), "alice", comment, state);
    }

    private static AmAlert alert(Map<String, String> labels, String fingerprint) {
        return new AmAlert(
                fingerprint,
                labels,
                Map.of(),
                T,
                T.plusSeconds(300),
                Optional.empty(),
                AmAlert.State.SUPPRESSED,
                List.of("sil-1"),
                List.of(),
                List.of("null"),
                "");
    }

    @Test
    void fingerprintsAreAlertmanagersOwn() {
        assertThat(Acknowledgement.fingerprint(LABELS)).isEqualTo(FINGERPRINT);
        assertThat(Acknowledgement.fingerprint(Map.of("gpu", "0", "alertname", "X")))
                .isEqualTo(FINGERPRINT);
        assertThat(Acknowledgement.fingerprint(Map.of())).isEqualTo("cbf29ce484222325");
        assertThat(Acknowledgement.fingerprint(Map.of("alertname", "X", "gpu", "1")))
                .isNotEqualTo(FINGERPRINT);
    }

    @Test
    void theCommentCarriesTheWordsThenTheMarker() {
        assertThat(Acknowledgement.silenceComment("  on it, reboot planned ", FINGERPRINT))
                .isEqualTo("on it, reboot planned [gridscope ack 24a5775b09bed194]");
        assertThat(Acknowledgement.silenceComment("", FINGERPRINT)).isEqualTo("[gridscope ack 24a5775b09bed194]");
        assertThat(Acknowledgement.markedFingerprint("on it [gridscope ack 24a5775b09bed194]"))
                .contains(FINGERPRINT);
        assertThat(Acknowledgement.markedFingerprint("on it [gridscope ack 24A5]"))
                .isEmpty();
    }

    @Test
    void aMarkedSilenceWithTheAlertsExactLabelsIsAnAcknowledgement() {
        AmSilence s = silence(
                Acknowledgement.matchersOf(LABELS),
                "on it [gridscope ack " + FINGERPRINT + "]",
                AmSilence.State.ACTIVE);
        // with the alert listed, and without it (its fingerprint computed from the matchers)
        for (Map<String, AmAlert> alerts :
                List.of(Map.of(FINGERPRINT, alert(LABELS, FINGERPRINT)), Map.<String, AmAlert>of())) {
            Acknowledgement ack = Acknowledgement.of(s, alerts).orElseThrow();
            assertThat(ack.alertFingerprint()).isEqualTo(FINGERPRINT);
            assertThat(ack.silenceId()).isEqualTo("sil-1");
            assertThat(ack.createdBy()).isEqualTo("alice");
            assertThat(ack.comment()).isEqualTo("on it");
        }
    }

    @Test
    void otherSilencesAreNotAcknowledgements() {
        String marked = "[gridscope ack " + FINGERPRINT + "]";
        Map<String, AmAlert> alerts = Map.of(FINGERPRINT, alert(LABELS, FINGERPRINT));
        List<AmSilence> notAcks = List.of(
                // amtool's silence of the same alert, unmarked
                silence(Acknowledgement.matchersOf(LABELS), "maintenance", AmSilence.State.ACTIVE),
                // marked, but wider than the alert
                silence(List.of(AmMatcher.equal("alertname", "X")), marked, AmSilence.State.ACTIVE),
                // marked, with a regex
                silence(
                        List.of(AmMatcher.equal("alertname", "X"), new AmMatcher("gpu", "0", true, true)),
                        marked,
                        AmSilence.State.ACTIVE),
                // marked for this alert but matching another
                silence(
                        Acknowledgement.matchersOf(Map.of("alertname", "X", "gpu", "1")),
                        marked,
                        AmSilence.State.ACTIVE),
                // expired
                silence(Acknowledgement.matchersOf(LABELS), marked, AmSilence.State.EXPIRED));
        for (AmSilence s : notAcks) {
            assertThat(Acknowledgement.of(s, alerts)).as(s.toString()).isEmpty();
            assertThat(Acknowledgement.of(s, Map.of())).as(s.toString()).isEmpty();
        }
    }

    @Test
    void theViewShowsAcknowledgementsApartFromPlainSilences() {
        AmSilence ack = silence(
                Acknowledgement.matchersOf(LABELS),
                "on it [gridscope ack " + FINGERPRINT + "]",
                AmSilence.State.ACTIVE);
        AmSilence amtool = new AmSilence(
                "sil-2",
                List.of(new AmMatcher("instance", "cpu-node-7:9100", false, true)),
                T,
                T.plusSeconds(3600),
                Optional.empty(),
                "bob",
                "Planned maintenance of cpu-node-7",
                AmSilence.State.ACTIVE);
        AmView view = AmView.of(List.of(alert(LABELS, FINGERPRINT)), List.of(ack, amtool), T);
        assertThat(view.acknowledgement(view.alerts().getFirst()))
                .hasValueSatisfying(a -> assertThat(a.createdBy()).isEqualTo("alice"));
        assertThat(view.plainSilences()).containsExactly(amtool);
        assertThat(view.stale()).isFalse();
        AmView failed = view.failed("cannot connect");
        assertThat(failed.stale()).isTrue();
        assertThat(failed.alerts()).isEqualTo(view.alerts());
        assertThat(failed.age(T.plusSeconds(90))).contains(java.time.Duration.ofSeconds(90));
    }
}
