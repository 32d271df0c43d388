package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridscope.alerts.store.AlertActions;
import io.gridscope.console.cli.GridscopeCommand;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.SeriesData;
import io.gridscope.history.records.AlertRow;
import io.gridscope.model.Labels;
import io.gridscope.model.Snapshot;
import io.gridscope.testsupport.PeerProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./gridscope collect} running as a service (a child JVM started as the launcher starts it, through
 * {@code io.gridscope.console.Main}) and the console opening on the same data directory: exactly one process
 * collects and evaluates (the service), the console comes up as a viewer that shows the history and the alerts the
 * service writes, an acknowledgement made in the console stops the service from escalating that alert and shows in
 * {@code alerts list}, and once the service is gone the console collects itself.
 */
class CollectServiceAndConsoleTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String RULES = """
            [packs]
            gpu = false
            host = false
            sources = false
            accounting = false

            [settings]
            escalate_after = "15s"

            [[rule]]
            name = "CpuSeen"
            series = 'host_cpu_utilization_ratio{cpu="total"}'
            op = ">="
            value = 0
            severity = "critical"
            summary = "{{ $labels.host }} CPU seen"

            [[rule]]
            name = "CpuZeroSeen"
            series = 'host_cpu_utilization_ratio{cpu="0"}'
            op = ">="
            value = 0
            severity = "critical"
            summary = "{{ $labels.host }} CPU 0 seen"
            """;

    @TempDir
    Path tmp;

    private Process service;
    private Path serviceErr;
    private LiveBackend viewer;
    private LiveBackend collector;
    private AlertConsole console;

    @AfterEach
    void stopAll() throws Exception {
        if (console != null) {
            console.close();
        }
        if (viewer != null) {
            viewer.close();
        }
        if (collector != null) {
            collector.close();
        }
        if (service != null && service.isAlive()) {
            service.destroyForcibly();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private String serviceLog() {
        try {
            return Files.readString(serviceErr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private List<String> notifications(long alertId) {
        return serviceLog()
                .lines()
                .filter(l -> l.startsWith("gridscope: alert " + alertId + ": "))
                .toList();
    }

    private static Optional<AlertRow> alert(AlertConsole.Board b, String rule, Predicate<AlertRow> p) {
        return b.alerts().stream().filter(a -> a.rule().equals(rule)).filter(p).findFirst();
    }

    @Test
    void theServiceCollectsAndEvaluatesTheConsoleViewsAndItsAcknowledgementTakesEffect() throws Exception {
        Path configHome = tmp.resolve("config");
        AppPaths paths = new AppPaths(
                Files.createDirectories(configHome.resolve(AppPaths.APP_DIR)),
                Files.createDirectories(tmp.resolve("data")),
                Files.createDirectories(tmp.resolve("log")));
        Files.writeString(paths.configDir().resolve("alerts.toml"), RULES);

        // the service: ./gridscope collect, in a JVM of its own
        serviceErr = tmp.resolve("collect.err");
        ProcessBuilder pb = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-D" + AppPaths.CONFIG_HOME_PROPERTY + "=" + configHome,
                        "-Dgridscope.log.dir=" + paths.logDir(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.gridscope.console.Main",
                        "collect",
                        "--data-dir",
                        paths.dataDir().toString(),
                        "--interval",
                        "1s")
                .redirectOutput(tmp.resolve("collect.out").toFile())
                .redirectError(serviceErr.toFile());
        pb.environment().put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + tmp.resolve("no-bus"));
        service = pb.start();
        PeerProcess.await(
                () -> serviceLog().contains("CPU 0 seen") && serviceLog().contains("CPU seen"),
                WAIT,
                "the service notifies both alerts firing: " + serviceLog());
        PeerProcess.await(
                () -> {
                    try (HistoryReader r = HistoryReader.open(paths.dataDir())) {
                        return r.metrics().contains("host_cpu_utilization_ratio");
                    }
                },
                WAIT,
                "the service's samples in the history");

        // the console on the same data directory: a viewer
        List<Snapshot> followed = new CopyOnWriteArrayList<>();
        List<io.gridscope.collectors.CollectorStatus> statuses = new CopyOnWriteArrayList<>();
        viewer = new LiveBackend(paths, Clock.systemUTC());
        long opened = System.currentTimeMillis();
        viewer.start(followed::add, statuses::add);
        assertThat(viewer.openWarnings())
                .anySatisfy(w -> assertThat(w)
                        .startsWith("Another Gridscope process collects into " + paths.dataDir() + ": collect (pid "
                                + service.pid() + ", since "));
        long now = System.currentTimeMillis();
        List<SeriesData> stored =
                viewer.range("host_cpu_utilization_ratio", Labels.of("cpu", "total"), now - 600_000, now, 200);
        assertThat(stored).singleElement().satisfies(s -> assertThat(s.size()).isPositive());
        PeerProcess.await(
                () -> followed.stream()
                        .flatMap(s -> s.samples().stream())
                        .anyMatch(x ->
                                x.series().metric().equals("host_cpu_utilization_ratio") && x.epochMillis() > opened),
                WAIT,
                "samples the service stores after the console opened reach the console's sink");
        assertThat(statuses).as("the viewer starts no collector").isEmpty();
        assertThat(viewer.writerStats().samplesWritten())
                .as("nor writes any sample")
                .isZero();

        // its alerts, through the console's alert service
        List<AlertConsole.Board> boards = new CopyOnWriteArrayList<>();
        console = new AlertConsole(Clock.systemUTC(), "maria");
        console.addListener(boards::add);
        console.attach(viewer.alerts());
        PeerProcess.await(
                () -> boards.stream()
                        .anyMatch(b -> alert(b, "CpuSeen", a -> a.state().equals("firing"))
                                        .isPresent()
                                && alert(b, "CpuZeroSeen", a -> a.state().equals("firing"))
                                        .isPresent()),
                WAIT,
                "the console shows both firing alerts");
        AlertConsole.Board board = boards.get(boards.size() - 1);
        assertThat(board.collector())
                .hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(service.pid()));
        long acked = alert(board, "CpuSeen", a -> true).orElseThrow().id();
        long other = alert(board, "CpuZeroSeen", a -> true).orElseThrow().id();
        assertThat(board.needingAttention(System.currentTimeMillis())).isEqualTo(2);

        CompletableFuture<AlertActions.Outcome> done = new CompletableFuture<>();
        console.acknowledge(acked, "looking at it", done::complete);
        AlertActions.Outcome outcome = done.get(30, TimeUnit.SECONDS);
        assertThat(outcome.done()).as(outcome.message()).isTrue();
        PeerProcess.await(
                () -> alert(boards.get(boards.size() - 1), "CpuSeen", AlertRow::acknowledged)
                        .isPresent(),
                WAIT,
                "the console shows the acknowledgement");

        // the service escalates the other alert, and not the acknowledged one
        PeerProcess.await(
                () -> notifications(other).stream().anyMatch(l -> l.contains("[ESCALATED CRITICAL]")),
                WAIT,
                "the service escalates the unacknowledged alert: " + serviceLog());
        Thread.sleep(3_000); // a few more of the service's cycles
        assertThat(notifications(acked))
                .as("the acknowledged alert was notified firing once, and never escalated")
                .singleElement()
                .satisfies(l -> assertThat(l).contains("[CRITICAL]").doesNotContain("ESCALATED"));
        try (HistoryReader r = HistoryReader.open(paths.dataDir())) {
            AlertRow a = r.alert(acked).orElseThrow();
            assertThat(a.state()).isEqualTo("firing");
            assertThat(a.escalatedMillis()).isZero();
            assertThat(r.alert(other).orElseThrow().escalatedMillis()).isPositive();
        }

        // the command line sees the acknowledgement too
        CommandLine cl = GridscopeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(
                "alerts", "list", "--json", "--data-dir", paths.dataDir().toString());
        assertThat(code).as(err.toString()).isZero();
        JsonNode list = new ObjectMapper().readTree(out.toString());
        assertThat(list).anySatisfy(a -> {
            assertThat(a.get("id").asLong()).isEqualTo(acked);
            assertThat(a.get("state").asText()).isEqualTo("firing");
            assertThat(a.get("acknowledgedBy").asText()).isEqualTo("maria");
            assertThat(a.get("acknowledgeComment").asText()).isEqualTo("looking at it");
            assertThat(a.get("escalatedAt").isNull()).isTrue();
        });

        // the service stops (SIGTERM to its PID, as a service manager does): the console may collect
        console.close();
        console = null;
        viewer.close();
        viewer = null;
        service.destroy();
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as(serviceLog()).isTrue();
        assertThat(Files.readString(tmp.resolve("collect.out"))).startsWith("collected ");

        collector = new LiveBackend(paths, Clock.systemUTC());
        collector.start(s -> {}, s -> {});
        assertThat(collector.openWarnings()).noneMatch(w -> w.startsWith("Another Gridscope process"));
        assertThat(CollectorLock.holder(paths.dataDir())).hasValueSatisfying(h -> {
            assertThat(h.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(h.role()).isEqualTo("console");
        });
        assertThat(CollectorLock.tryAcquire(paths.dataDir(), "collect")).isEmpty();
        collector.close();
        collector = null;
        CollectorLock.tryAcquire(paths.dataDir(), "collect").orElseThrow().close();
    }
}
