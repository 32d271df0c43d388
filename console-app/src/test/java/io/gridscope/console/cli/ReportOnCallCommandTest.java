package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.OnCallAlertFixture;
import io.gridscope.reports.accounting.AccountingFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gridscope report --kind oncall} on a history holding the alerts of {@link OnCallAlertFixture}. */
class ReportOnCallCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theOnCallReportHasTheHandComputedFiguresOfTheStoredAlerts() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        AccountingFixture.write(data);
        OnCallAlertFixture.write(data);
        Path config = Files.writeString(tmp.resolve("accounting.toml"), AccountingFixture.CONFIG);
        CliTest.Result r = CliTest.run(
                "report",
                "--from",
                "2026-11-02",
                "--to",
                "2026-11-04",
                "--kind",
                "oncall",
                "--format",
                "csv",
                "--data-dir",
                data.toString(),
                "--config",
                config.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .doesNotContain("No alert fired")
                .contains("critical,3,2,66.7,6.0,20.0,2,50.0,90.0,1,2")
                .contains("warning,3,1,33.3,3.0,3.0,1,25.0,25.0,2,0")
                .contains("info,1,1,100.0,1.0,1.0,1,10.0,10.0,0,0")
                .contains("total,7,4,57.1,3.0,20.0,4,25.0,90.0,3,2");
    }
}
