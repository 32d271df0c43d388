package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.records.AuditChain;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.testsupport.DirectoryContents;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
    private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path tmp;

    /** Three entries a minute apart: accounting, alerts, accounting. */
    private Path historyWithThreeEntries() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("data"));
        try (HistoryStore store = HistoryStore.open(dir)) {
            store.audit(new AuditEntry(T0, "alice", "accounting", "change", "", "currency = \"EUR\"\n"))
                    .get();
            store.audit(new AuditEntry(
                            T0 + 60_000, "bob", "alerts", "acknowledge", "", "gpu 3 hot, \"on it\"\r\nsecond line"))
                    .get();
            store.audit(new AuditEntry(
                            T0 + 120_123,
                            "alice",
                            "accounting",
                            "change",
                            "currency = \"EUR\"\n",
                            "currency = \"USD\"\n"))
                    .get();
        }
        return dir;
    }

    private static void tamper(Path dir, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME));
                Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER audit_no_update");
            st.execute("DROP TRIGGER audit_no_delete");
            st.execute(sql);
        }
    }

    private static List<CSVRecord> parse(String csv) throws Exception {
        return CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv))
                .getRecords();
    }

    @Test
    void verifyOfAnIntactLogSaysSoAndChangesNothing() throws Exception {
        Path dir = historyWithThreeEntries();
        Map<String, byte[]> before = DirectoryContents.withoutSqliteCompanions(dir);
        CliTest.Result r = CliTest.run("audit", "verify", "--data-dir", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("audit log intact: 3 entries, chain verified" + System.lineSeparator());
        assertThat(r.err()).isEmpty();
        Map<String, byte[]> after = DirectoryContents.withoutSqliteCompanions(dir);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void verifyOfAnEmptyLog() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        HistoryStore.open(dir).close();
        CliTest.Result r = CliTest.run("--data-dir", dir.toString(), "audit", "verify");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("audit log intact: 0 entries, chain verified");
    }

    @Test
    void verifyOfAChangedEntryFailsNamingItsIdTimeAndWhatIsWrong() throws Exception {
        Path dir = historyWithThreeEntries();
        tamper(dir, "UPDATE audit SET after='gpu 3 fine' WHERE id=2");
        CliTest.Result r = CliTest.run("audit", "verify", "--data-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err())
                .startsWith("gridscope: audit log of " + dir.resolve(HistoryStore.FILE_NAME))
                .contains("broken at entry 2 (2026-03-01T00:01:00Z)")
                .contains("does not match its hash: it was changed after it was written")
                .contains("1 entry before it verified");
    }

    @Test
    void verifyOfADeletedEntryFailsNamingTheGap() throws Exception {
        Path dir = historyWithThreeEntries();
        tamper(dir, "DELETE FROM audit WHERE id=2");
        CliTest.Result r = CliTest.run("audit", "verify", "--data-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err())
                .contains("broken at entry 3 (2026-03-01T00:02:00.123Z)")
                .contains("entry 2 before it is missing: deleted");
    }

    @Test
    void verifyWithoutAHistorySaysSo() {
        CliTest.Result r =
                CliTest.run("audit", "verify", "--data-dir", tmp.resolve("none").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).startsWith("gridscope: no history database in");
        CliTest.Result bare = CliTest.run("audit");
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bare.err().lines().findFirst()).hasValue("gridscope: audit needs a command: verify or export");
    }

    @Test
    void exportWritesCsvInChainOrderFromWhichEveryHashCanBeCheckedAgain() throws Exception {
        Path dir = historyWithThreeEntries();
        CliTest.Result r = CliTest.run("audit", "export", "--data-dir", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("id,time_utc,user,subject,action,before,after,prev_hash,hash\r\n");
        List<CSVRecord> rows = parse(r.out());
        assertThat(rows).extracting(row -> row.get("id")).containsExactly("1", "2", "3");
        assertThat(rows)
                .extracting(row -> row.get("time_utc"))
                .containsExactly("2026-03-01T00:00:00.000Z", "2026-03-01T00:01:00.000Z", "2026-03-01T00:02:00.123Z");
        assertThat(rows.get(1).get("after")).isEqualTo("gpu 3 hot, \"on it\"\r\nsecond line");
        assertThat(rows.get(0).get("prev_hash")).isEqualTo(AuditChain.GENESIS);
        String prev = AuditChain.GENESIS;
        for (CSVRecord row : rows) {
            assertThat(row.get("prev_hash")).isEqualTo(prev);
            assertThat(AuditChain.hash(
                            Long.parseLong(row.get("id")),
                            Instant.parse(row.get("time_utc")).toEpochMilli(),
                            row.get("user"),
                            row.get("subject"),
                            row.get("action"),
                            row.get("before"),
                            row.get("after"),
                            row.get("prev_hash")))
                    .as("hash of entry %s from the CSV alone", row.get("id"))
                    .isEqualTo(row.get("hash"));
            prev = row.get("hash");
        }
    }

    @Test
    void exportFiltersBySubjectAndTimeRange() throws Exception {
        Path dir = historyWithThreeEntries();
        CliTest.Result subject =
                CliTest.run("audit", "export", "--subject", "accounting", "--data-dir", dir.toString());
        assertThat(parse(subject.out())).extracting(row -> row.get("id")).containsExactly("1", "3");
        CliTest.Result range = CliTest.run(
                "audit",
                "export",
                "--since",
                "2026-03-01T00:01:00Z",
                "--until",
                "2026-03-01T00:02:00.123Z",
                "--data-dir",
                dir.toString());
        assertThat(range.exitCode()).as(range.err()).isZero();
        assertThat(parse(range.out())).extracting(row -> row.get("id")).containsExactly("2");
        CliTest.Result day = CliTest.run("audit", "export", "--since", "2026-03-02", "--data-dir", dir.toString());
        assertThat(parse(day.out())).isEmpty();
        assertThat(day.out()).isEqualTo("id,time_utc,user,subject,action,before,after,prev_hash,hash\r\n");

        CliTest.Result bad = CliTest.run("audit", "export", "--since", "yesterday", "--data-dir", dir.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--since 'yesterday' is neither an instant");
        CliTest.Result backwards = CliTest.run(
                "audit", "export", "--since", "2026-03-02", "--until", "2026-03-01", "--data-dir", dir.toString());
        assertThat(backwards.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aSinceGivenAsADurationCountsBackFromNow() {
        long now = T0 + 86_400_000L;
        assertThat(AuditExportCommand.time("--since", "1d", now)).isEqualTo(T0);
        assertThat(AuditExportCommand.time("--since", " 2026-03-01 ", now)).isEqualTo(T0);
        assertThat(AuditExportCommand.time("--since", "2026-03-01T00:00:00.5Z", now))
                .isEqualTo(T0 + 500);
    }

    @Test
    void exportToAFileReplacesItWholeAndLeavesNoTemporaryFile() throws Exception {
        Path dir = historyWithThreeEntries();
        Path outDir = Files.createDirectory(tmp.resolve("out"));
        Path file = outDir.resolve("audit.csv");
        Files.writeString(file, "an older export\n");
        CliTest.Result r = CliTest.run("audit", "export", "--out", file.toString(), "--data-dir", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("audit export: wrote 3 entries to " + file + System.lineSeparator());
        assertThat(parse(Files.readString(file))).hasSize(3);
        assertThat(outDir.toFile().list()).containsExactly("audit.csv");

        CliTest.Result nowhere = CliTest.run(
                "audit", "export", "--out", tmp.resolve("missing/audit.csv").toString(), "--data-dir", dir.toString());
        assertThat(nowhere.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(nowhere.err()).startsWith("gridscope: cannot write ");
    }

    @Test
    void exportOfATamperedLogStillExportsWhatIsStored() throws Exception {
        Path dir = historyWithThreeEntries();
        tamper(dir, "UPDATE audit SET os_user='mallory' WHERE id=1");
        CliTest.Result r = CliTest.run("audit", "export", "--data-dir", dir.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(parse(r.out()).getFirst().get("user")).isEqualTo("mallory");
    }
}
