package io.gridscope.alerts.service;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A process that evaluates alert rules over a data directory until it is killed: every 100 ms it feeds
 * {@code temp_celsius} = 90 for hosts a and b and runs one evaluation cycle; each notification is printed on stdout
 * as {@code notice KIND ID} (after it was recorded as sent), and {@code cycle N} after each cycle. Used by
 * {@link AlertCrashTest}.
 */
public final class AlertChild {
    private AlertChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = System.out;
        AlertNotifier printer = new AlertNotifier() {
            @Override
            public String name() {
                return "stdout";
            }

            @Override
            public void send(AlertNotice n) {
                out.println("notice " + n.kind() + " " + n.alert().id());
                out.flush();
            }
        };
        Clock clock = Clock.systemUTC();
        AlertService service =
                new AlertService(dir, dir.resolve("alerts.toml"), clock, Duration.ofSeconds(1), List.of(printer));
        service.open();
        for (long n = 0; ; n++) {
            long now = clock.millis();
            for (String host : List.of("a", "b")) {
                service.accept(Snapshot.of(
                        "child",
                        now,
                        List.of(new Sample(
                                SeriesId.gauge("temp_celsius", Unit.CELSIUS, Labels.of("host", host)), now, 90))));
            }
            service.runOnce();
            out.println("cycle " + n);
            out.flush();
            Thread.sleep(100);
        }
    }
}
