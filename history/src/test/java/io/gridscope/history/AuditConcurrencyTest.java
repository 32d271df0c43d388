package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.AuditQuery;
import io.gridscope.history.records.AuditRecords;
import io.gridscope.history.records.AuditRow;
import io.gridscope.history.records.AuditVerification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Several writers append to one audit log at once (each append its own transaction): the log is still one chain,
 * with every entry in it once.
 */
class AuditConcurrencyTest {
    @TempDir
    Path dir;

    private Connection writeConnection() throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME), config.toProperties());
    }

    private List<AuditRow> all() {
        try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
            AuditVerification v = reader.verifyAudit();
            assertThat(v.intact()).as("%s", v).isTrue();
            List<AuditRow> rows = new ArrayList<>();
            reader.auditAll(AuditQuery.all(), rows::add);
            assertThat(v.entriesVerified()).isEqualTo(rows.size());
            return rows;
        }
    }

    /** Each writer's entries are all there, in the order it wrote them. */
    private static void assertEachWriterInOrder(List<AuditRow> rows, List<String> writers, int each) {
        for (String w : writers) {
            assertThat(rows.stream().filter(r -> r.osUser().equals(w)).map(AuditRow::after))
                    .as(w)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, each)
                            .mapToObj(i -> w + " " + i)
                            .toList());
        }
    }

    @Test
    void connectionsAppendingAtOnceMakeOneChain() throws Exception {
        HistoryStore.open(dir, TestSeries.options()).close();
        int threads = 4;
        int each = 100;
        CountDownLatch start = new CountDownLatch(1);
        // every 10 entries the writers wait for each other, so they overlap whatever the machine's load: on a busy
        // machine one writer could otherwise finish before the next even starts, and nothing would run at once
        java.util.concurrent.CyclicBarrier round = new java.util.concurrent.CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String user = "writer" + t;
                done.add(pool.submit(() -> {
                    try (Connection c = writeConnection()) {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            AuditRecords.append(
                                    c,
                                    new AuditEntry(
                                            TestSeries.NOW + i, user, "alerts", "acknowledge", "", user + " " + i));
                            if (i % 10 == 9) {
                                round.await(60, TimeUnit.SECONDS);
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<AuditRow> rows = all();
        assertThat(rows).hasSize(threads * each);
        assertThat(rows)
                .extracting(AuditRow::id)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * each)
                        .boxed()
                        .toList());
        assertEachWriterInOrder(rows, List.of("writer0", "writer1", "writer2", "writer3"), each);
        // they did interleave: otherwise this test proves nothing
        long switches = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (!rows.get(i).osUser().equals(rows.get(i - 1).osUser())) {
                switches++;
            }
        }
        assertThat(switches).isGreaterThan(3);
    }

    @Test
    void aCommandAppendsWhileAnotherProcessWritesThroughItsStore() throws Exception {
        HistoryStore.open(dir, TestSeries.options()).close();
        int each = 150;
        Process child =
                io.gridscope.testsupport.ChildJvm.start(AuditChild.class, dir.resolve("child.err"), dir.toString());
        int childEntries;
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
            assertThat(out.readLine())
                    .as("child stderr in %s", dir.resolve("child.err"))
                    .isEqualTo("ready");
            // the child appends all along, as collect's writer would; halfway, the parent waits until the child
            // has appended after the parent's first entry, so the two do interleave even on a loaded machine
            for (int i = 0; i < each; i++) {
                if (i == each / 2) {
                    awaitChildAfterFirstParent();
                }
                AuditLog.append(
                        dir,
                        new AuditEntry(
                                System.currentTimeMillis(), "parent", "alerts", "acknowledge", "", "parent " + i));
            }
            in.write("stop\n");
            in.flush();
            String done = out.readLine();
            assertThat(done).as("child stderr in %s", dir.resolve("child.err")).startsWith("done ");
            childEntries = Integer.parseInt(done.substring("done ".length()));
        } finally {
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        assertThat(child.exitValue()).isZero();
        List<AuditRow> rows = all();
        assertThat(rows).hasSize(each + childEntries);
        assertEachWriterInOrder(rows, List.of("parent"), each);
        assertEachWriterInOrder(rows, List.of("child"), childEntries);
        long firstParent = rows.stream()
                .filter(r -> r.osUser().equals("parent"))
                .findFirst()
                .orElseThrow()
                .id();
        long lastParent = rows.stream()
                .filter(r -> r.osUser().equals("parent"))
                .toList()
                .getLast()
                .id();
        assertThat(rows.subList((int) firstParent - 1, (int) lastParent))
                .as("the two processes' appends interleave")
                .anyMatch(r -> r.osUser().equals("child"));
    }

    /** Waits (at most 30 s) until an entry of the child follows the parent's first one. */
    private void awaitChildAfterFirstParent() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            // read only: the chain is verified at the end, once nobody writes (a check while the child appends could
            // count the entries in one snapshot and read them in a later one)
            List<AuditRow> rows = new ArrayList<>();
            try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
                reader.auditAll(AuditQuery.all(), rows::add);
            }
            long firstParent = rows.stream()
                    .filter(r -> r.osUser().equals("parent"))
                    .mapToLong(AuditRow::id)
                    .findFirst()
                    .orElseThrow();
            if (rows.stream().anyMatch(r -> r.osUser().equals("child") && r.id() > firstParent)) {
                return;
            }
            assertThat(System.nanoTime())
                    .as("the child appended nothing for 30 s")
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void theWriterThreadAndACommandInOneProcessMakeOneChain() throws Exception {
        int each = 100;
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            Thread command = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    AuditLog.append(
                            dir, new AuditEntry(TestSeries.NOW, "command", "alerts", "snooze", "", "command " + i));
                }
            });
            List<java.util.concurrent.CompletableFuture<Void>> queued = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                queued.add(
                        store.audit(new AuditEntry(TestSeries.NOW, "store", "accounting", "change", "", "store " + i)));
            }
            for (var f : queued) {
                f.get(30, TimeUnit.SECONDS);
            }
            command.join(60_000);
        }
        List<AuditRow> rows = all();
        assertThat(rows).hasSize(2 * each);
        assertEachWriterInOrder(rows, List.of("store", "command"), each);
    }
}
