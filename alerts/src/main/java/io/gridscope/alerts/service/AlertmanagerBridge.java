package io.gridscope.alerts.service;

import io.gridscope.alerts.alertmanager.AlertmanagerAuth;
import io.gridscope.alerts.alertmanager.AlertmanagerClient;
import io.gridscope.alerts.alertmanager.AlertmanagerMirror;
import io.gridscope.alerts.alertmanager.LocalAlert;
import io.gridscope.alerts.rules.AlertmanagerTarget;
import io.gridscope.alerts.store.HistoryAckLedger;
import io.gridscope.model.BackgroundPriority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The link to the team's Alertmanager configured in the rules file: an {@link AlertmanagerMirror} on its own
 * {@code gridscope-alertmanager} thread. The process that evaluates the rules pushes its alerts through it (when the
 * target says {@code push}); every console reads the fleet's alerts and acknowledges them through it. Credentials
 * are read from their files (at most {@value #MAX_SECRET_BYTES} bytes), kept as characters, never logged.
 */
public final class AlertmanagerBridge implements AutoCloseable {
    public static final int MAX_SECRET_BYTES = 64 * 1024;

    private final AlertmanagerTarget target;
    private final AlertmanagerMirror mirror;
    private ScheduledExecutorService thread;

    private AlertmanagerBridge(AlertmanagerTarget target, AlertmanagerMirror mirror) {
        this.target = target;
        this.mirror = mirror;
    }

    /**
     * @param local Gridscope's own alerts to push (firing, and resolved within the last minutes); ignored unless
     *     {@code pushes} and the target says push
     * @throws IOException when a credentials file cannot be read
     */
    public static AlertmanagerBridge open(
            AlertmanagerTarget target,
            Path dataDir,
            Clock clock,
            String who,
            boolean pushes,
            Supplier<List<LocalAlert>> local)
            throws IOException {
        AlertmanagerAuth auth = AlertmanagerAuth.none();
        if (target.bearerTokenFile().isPresent()) {
            auth = AlertmanagerAuth.bearer(secret(target.bearerTokenFile().get()));
        } else if (target.basicUser().isPresent() && target.basicPasswordFile().isPresent()) {
            auth = AlertmanagerAuth.basic(
                    target.basicUser().get(), secret(target.basicPasswordFile().get()));
        }
        AlertmanagerClient client = new AlertmanagerClient(AlertmanagerClient.Options.of(target.url()), auth, clock);
        boolean push = pushes && target.push();
        AlertmanagerMirror.Settings settings =
                AlertmanagerMirror.Settings.defaults().withPushInterval(target.pushInterval());
        AlertmanagerMirror mirror = new AlertmanagerMirror(
                client, push ? local : List::of, new HistoryAckLedger(dataDir, clock, who), settings, clock);
        return new AlertmanagerBridge(target, mirror);
    }

    private static char[] secret(Path file) throws IOException {
        if (Files.size(file) > MAX_SECRET_BYTES) {
            throw new IOException(file + " is larger than " + MAX_SECRET_BYTES + " bytes; it is not a secret");
        }
        String s = Files.readString(file, StandardCharsets.UTF_8).strip();
        char[] out = s.toCharArray();
        return out;
    }

    public AlertmanagerTarget target() {
        return target;
    }

    public AlertmanagerMirror mirror() {
        return mirror;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(BackgroundPriority.daemonThreads("gridscope-alertmanager"));
        mirror.start(thread);
    }

    @Override
    public synchronized void close() {
        mirror.close();
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }
}
