package io.gridscope.reports.accounting;

import io.gridscope.history.HistoryOptions;
import io.gridscope.history.HistoryStore;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-computed accounting fixture: two sites, three GPUs, 48 hours (2026-11-02T00:00Z to 2026-11-04T00:00Z),
 * one sample per minute. Every figure below is worked out by hand in {@link AccountingFixtureTest}.
 *
 * <pre>
 * site fra (PUE 1.4, fixed 300 gCO2e/kWh, time-of-use electricity in EUR, UTC):
 *   until 2026-11-03: 00–08 0.20, 08–20 0.30, 20–24 0.20 EUR/kWh; from 2026-11-03: 0.22 / 0.34 / 0.22 (a price change)
 *   host fra-1:
 *     GPU-a1 energy counter; 300 W for the first 24 h, 200 W after; idle (utilisation 0.02, 60 W) in hours 40–44;
 *            utilisation 0.70 otherwise; the counter is reset at hour 30 (driver reload) and restarts from zero.
 *            Owned: 35,064 EUR bought 2026-01-01, 48 months (35,064 hours) → 1.00 EUR/h; 350.64 kgCO2e → 10 g/h.
 *     GPU-a2 no energy counter: 250 W power gauge (energy estimated); utilisation 0.80; shared by alice (SM 0.6)
 *            and bob (SM 0.2) → 75 % / 25 %. No hardware entry: default GPU-hour price 0.50 EUR/h (fallback);
 *            embodied default 175.32 kgCO2e over 48 × 730.5 h = 35,064 h → 5 g/h.
 * site us-east (PUE 1.1, fixed 400 gCO2e/kWh), cloud:
 *   host cloud-1: GPU-b1 energy counter, 400 W, utilisation 0.90; instance 3.00 USD/h over 1 GPU, electricity included;
 *   USD→EUR 0.90 until 2026-11-03, 0.92 from then.
 * allocation: host fra-1 → team research / project alpha until 2026-11-03T12:00, team platform / project beta from
 *   then (an allocation change); user alice → nlp / alpha; user bob → vision / detector; host cloud-1 → vision /
 *   detector.
 * </pre>
 *
 * Each reading at minute k is the energy used in minute k (the counter's reading at the end of it), so slot k holds
 * exactly that minute's energy; a base reading one minute before the period makes the first slot measured too.
 */
public final class AccountingFixture {
    public static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    public static final Instant TO = Instant.parse("2026-11-04T00:00:00Z");
    public static final Clock NOW = Clock.fixed(TO, ZoneOffset.UTC);
    static final int MINUTES = 48 * 60;

    public static final String CONFIG = """
            currency = "EUR"
            timezone = "UTC"
            idle_threshold = 0.05
            share_idle = false

            [[site]]
            id = "fra"
            name = "Frankfurt"
            hosts = ["fra-*"]
            pue = 1.4
            intensity = 300

            [[site]]
            id = "us-east"
            hosts = ["cloud-*"]
            pue = 1.1
            intensity = 0.4
            intensity_unit = "kg/kWh"

            [[electricity]]
            site = "fra"
            currency = "EUR"
            from = "2026-11-01"
            to = "2026-11-03"
            time_of_use = ["00:00-08:00=0.20", "08:00-20:00=0.30", "20:00-24:00=0.20"]

            [[electricity]]
            site = "fra"
            currency = "EUR"
            from = "2026-11-03"
            time_of_use = ["00:00-08:00=0.22", "08:00-20:00=0.34", "20:00-24:00=0.22"]

            [[hardware]]
            gpu = "GPU-a1"
            purchase_price = "35064"
            currency = "EUR"
            purchase_date = "2026-01-01"
            lifetime_months = 48
            embodied_kgco2e = 350.64

            [[gpu_hour_default]]
            price_per_hour = "0.50"
            currency = "EUR"

            [embodied]
            gpu_card_kgco2e = 175.32
            lifetime_months = 48
            source = "fixture"

            [[cloud]]
            host = "cloud-1"
            price_per_hour = "3.00"
            currency = "USD"
            from = "2026-11-01"
            gpus = 1

            [[exchange_rate]]
            from_currency = "USD"
            to_currency = "EUR"
            rate = "0.90"
            from = "2026-11-01"
            to = "2026-11-03"

            [[exchange_rate]]
            from_currency = "USD"
            to_currency = "EUR"
            rate = "0.92"
            from = "2026-11-03"

            [[allocation]]
            host = "fra-1"
            team = "research"
            project = "alpha"
            to = "2026-11-03T12:00"

            [[allocation]]
            host = "fra-1"
            team = "platform"
            project = "beta"
            from = "2026-11-03T12:00"

            [[allocation]]
            user = "alice"
            team = "nlp"
            project = "alpha"

            [[allocation]]
            user = "bob"
            team = "vision"
            project = "detector"

            [[allocation]]
            host = "cloud-1"
            team = "vision"
            project = "detector"

            [[budget]]
            team = "vision"
            period = "month"
            amount = "150"
            currency = "EUR"

            [[budget]]
            team = "research"
            period = "month"
            amount = "1000"
            currency = "EUR"
            """;

    private AccountingFixture() {}

    public static HistoryOptions options() {
        return HistoryOptions.defaults().withClock(NOW);
    }

    /** Writes the fixture's measurements into a new history in {@code dataDir}. */
    public static void write(Path dataDir) throws Exception {
        try (HistoryStore store = HistoryStore.open(dataDir, options())) {
            SeriesId a1Energy = SeriesId.counter("gpu_energy_joules_total", Unit.JOULES, gpu("fra-1", "GPU-a1"));
            SeriesId a1Util = SeriesId.gauge("gpu_utilization_ratio", Unit.RATIO, gpu("fra-1", "GPU-a1"));
            SeriesId a1Power = SeriesId.gauge("gpu_power_watts", Unit.WATTS, gpu("fra-1", "GPU-a1"));
            SeriesId a2Power = SeriesId.gauge("gpu_power_watts", Unit.WATTS, gpu("fra-1", "GPU-a2"));
            SeriesId a2Util = SeriesId.gauge("gpu_utilization_ratio", Unit.RATIO, gpu("fra-1", "GPU-a2"));
            SeriesId alice = SeriesId.gauge(
                    "gpu_user_sm_ratio", Unit.RATIO, gpu("fra-1", "GPU-a2").with("user", "alice"));
            SeriesId bob = SeriesId.gauge(
                    "gpu_user_sm_ratio", Unit.RATIO, gpu("fra-1", "GPU-a2").with("user", "bob"));
            SeriesId b1Energy = SeriesId.counter("gpu_energy_joules_total", Unit.JOULES, gpu("cloud-1", "GPU-b1"));
            SeriesId b1Util = SeriesId.gauge("gpu_utilization_ratio", Unit.RATIO, gpu("cloud-1", "GPU-b1"));
            SeriesId a1Info = SeriesId.gauge(
                    "gpu_info", Unit.NONE, gpu("fra-1", "GPU-a1").with("gpu_name", "NVIDIA H100 80GB HBM3"));
            double a1 = 1_000_000; // the counter's reading before the period: any value
            double b1 = 5_000_000;
            long base = FROM.toEpochMilli() - 60_000;
            store.append(Snapshot.of(
                    "fixture", base, List.of(new Sample(a1Energy, base, a1), new Sample(b1Energy, base, b1))));
            for (int k = 0; k < MINUTES; k++) {
                long t = FROM.toEpochMilli() + k * 60_000L;
                int hour = k / 60;
                boolean idle = hour >= 40 && hour < 44;
                double a1Watts = idle ? 60 : hour < 24 ? 300 : 200;
                a1 = k == 30 * 60 ? a1Watts * 60 : a1 + a1Watts * 60; // reset at hour 30: restarts from zero
                b1 += 400 * 60;
                List<Sample> s = new ArrayList<>();
                s.add(new Sample(a1Energy, t, a1));
                s.add(new Sample(a1Power, t, a1Watts));
                s.add(new Sample(a1Util, t, idle ? 0.02 : 0.70));
                s.add(new Sample(a1Info, t, 1));
                s.add(new Sample(a2Power, t, 250));
                s.add(new Sample(a2Util, t, 0.80));
                s.add(new Sample(alice, t, 0.6));
                s.add(new Sample(bob, t, 0.2));
                s.add(new Sample(b1Energy, t, b1));
                s.add(new Sample(b1Util, t, 0.90));
                store.append(Snapshot.of("fixture", t, s));
            }
            store.flush().get();
        }
    }

    static Labels gpu(String host, String uuid) {
        return Labels.of("host", host, "gpu_uuid", uuid);
    }
}
