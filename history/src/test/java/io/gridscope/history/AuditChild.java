package io.gridscope.history;

import io.gridscope.history.records.AuditEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process that holds the history open as {@code collect} does and appends audit entries on its writer thread
 * ({@code after} = {@code child <i>}, from 0), about 10 ms apart, until a line arrives on its standard input. Prints {@code ready} once
 * the store is open and {@code done <count>} at the end. Used by {@link AuditConcurrencyTest}.
 */
public final class AuditChild {
    private AuditChild() {}

    public static void main(String[] args) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (java.io.IOException e) {
                // stop on a broken pipe too
            }
            stop.set(true);
        });
        int n = 0;
        try (HistoryStore store = HistoryStore.open(Path.of(args[0]), TestSeries.options())) {
            System.out.println("ready");
            System.out.flush();
            while (!stop.get()) {
                store.audit(new AuditEntry(
                                System.currentTimeMillis(), "child", "alerts", "acknowledge", "", "child " + n))
                        .get();
                n++;
                // a gap between appends, as a real writer leaves (collect commits every 5 s): back to back, each
                // commit re-takes the write lock at once and SQLite's busy handler in the other process, polling,
                // can miss every gap for the whole busy timeout
                Thread.sleep(10);
            }
        }
        System.out.println("done " + n);
        System.out.flush();
    }
}
