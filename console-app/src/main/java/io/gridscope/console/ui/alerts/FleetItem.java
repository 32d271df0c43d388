package io.gridscope.console.ui.alerts;

import io.gridscope.alerts.alertmanager.Acknowledgement;
import io.gridscope.alerts.alertmanager.AmAlert;
import java.util.Locale;
import java.util.Optional;

/** One of the fleet's alerts as Alertmanager holds it, with its acknowledgement (the same on every console). */
public record FleetItem(AmAlert alert, Optional<Acknowledgement> acknowledgement) {
    public String severity() {
        return alert.labels().getOrDefault("severity", "");
    }

    public String host() {
        String h = alert.labels().getOrDefault("host", "");
        return h.isEmpty() ? alert.labels().getOrDefault("instance", "") : h;
    }

    public String summary() {
        String s = alert.annotations().getOrDefault("summary", "");
        return s.isEmpty() ? alert.annotations().getOrDefault("description", "") : s;
    }

    /** active, silenced (and by whom when it is an acknowledgement), inhibited. */
    public String state() {
        if (acknowledgement.isPresent()) {
            return "acknowledged";
        }
        if (alert.silenced()) {
            return "silenced";
        }
        if (!alert.inhibitedBy().isEmpty()) {
            return "inhibited";
        }
        return alert.state().name().toLowerCase(Locale.ROOT);
    }

    boolean matches(String lowerText) {
        return lowerText.isEmpty()
                || alert.name().toLowerCase(Locale.ROOT).contains(lowerText)
                || summary().toLowerCase(Locale.ROOT).contains(lowerText)
                || alert.labels().toString().toLowerCase(Locale.ROOT).contains(lowerText);
    }
}
