package io.gridscope.reports.focus;

import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.ReportRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;

/**
 * Measured GPU and host cost as a FOCUS 1.2 cost and usage dataset (FinOps Open Cost and Usage Specification): RFC
 * 4180 CSV in UTF-8, one row per resource (a GPU by UUID, or a host's CPU and memory), charge period (an hour or a
 * day) and allocation (team, project, user). The engine is run with a streaming {@link
 * io.gridscope.reports.accounting.ChargeSink}: only the current charge period of the current resource is held, and
 * its rows are written as soon as the period closes, so memory does not grow with the length of the period.
 *
 * <p><b>Rows.</b> A GPU hour split by SM share among users of different teams is one row per user. Idle time (a GPU
 * under the idle threshold) is no row of its own: it is folded into the owner's row (the allocation the GPU or host
 * rule gives it) and shown in {@code x_IdleCost}, {@code x_IdleEnergyKwh} and {@code x_IdleHours}. Charges with
 * nothing in them (no time, energy, cost or emissions: a host without a meter or a price) make no row. Hours are
 * UTC hours; days and billing periods (calendar months) are those of the accounting file's time zone, written as
 * UTC instants; every charge period is cut to the requested period and lies in one day and one billing period (the
 * engine cuts its cells at the zone's midnights). A charge is placed in the period that holds its start.
 *
 * <p><b>Costs.</b> All in the report currency ({@code BillingCurrency}), converted by the engine at each cell's
 * start.
 *
 * <ul>
 *   <li>{@code EffectiveCost} = amortisation of owned hardware + electricity + the share of a cloud instance's price
 *       + the fallback default GPU-hour price: the whole cost of the resource's time, as the accounting report
 *       totals it.
 *   <li>{@code BilledCost} = electricity + cloud instance share: what someone invoices for this period. Amortised
 *       owned hardware is not (FOCUS: billed cost excludes the amortisation of upfront purchases; the purchase was
 *       paid when the hardware was bought). The fallback GPU-hour price is not either: it stands in for the
 *       amortisation of hardware whose price the accounting file does not give, and nobody invoices it. Electricity
 *       is a usage-based utility bill and the cloud share the provider's hourly price: both are billed.
 *   <li>{@code ListCost} = {@code ContractedCost} = {@code EffectiveCost}: the prices in force (purchase prices,
 *       tariffs, instance prices) are the only prices; there is no list price, negotiated discount or commitment to
 *       save against. {@code ListUnitPrice} and {@code ContractedUnitPrice} are left out (no published price list,
 *       no negotiated pricing: their columns are conditional on those), so these costs are not a unit price ×
 *       quantity; the spec's "when ListUnitPrice is null, ListCost of a charge unrelated to other charges matches
 *       BilledCost" is read as the spec's example says it is meant, for charges such as credits.
 * </ul>
 *
 * <p><b>Quantities.</b> GPU rows: {@code PricingQuantity} = {@code ConsumedQuantity} = GPU-hours ({@code
 * "GPU-Hours"}, the Unit Format's {@code <singular-unit>-<plural-time-units>}), idle time included. Host rows: CPU
 * and memory energy in {@code "kWh"}, priced on facility energy ({@code PricingQuantity} = IT kWh × PUE, what the
 * electricity price applies to), consumed as IT energy ({@code ConsumedQuantity}).
 *
 * <p><b>Numbers.</b> Plain decimal notation, at most 6 decimals (a millionth of the currency unit, of a kWh, of a
 * kgCO2e, of an hour), trailing zeros dropped. Each column is rounded with error feedback: a row's value is the
 * running total of the exact amounts rounded, minus what the rows before it wrote. So every row is within a
 * millionth of its exact amount and the sum of a column over the whole file is the exact total to a millionth,
 * whatever the number of rows: {@code EffectiveCost} summed and rounded to cents is the accounting report's total
 * ({@code EffectiveCost} is the sum of the four written {@code x_} cost parts, so it is within four millionths).
 * Sums over a subset of rows (one team) are exact to a millionth per row. Amounts are summed inside a row as
 * doubles (16 significant digits, far below a millionth for any one row).
 *
 * <p><b>Who.</b> {@code ProviderName}, {@code PublisherName}, {@code InvoiceIssuerName} and the billing account are
 * the organisation running the hardware ({@link Options}; "On-premises" unless set). GPUs priced as a share of a
 * cloud instance are in the same dataset under the same names: the cloud provider's own FOCUS data holds that
 * instance too, so the two should not be added up. {@code SubAccountId}/{@code SubAccountName} and {@code
 * RegionId}/{@code RegionName} are the host's site (null for hosts in no site). {@code Tags} is a JSON object with
 * the {@code team}, {@code project} and {@code user} that have a value (none for "unallocated").
 *
 * <p><b>Columns.</b> All 21 Mandatory columns of FOCUS 1.2; of the Recommended ones ChargeFrequency ("Usage-Based"),
 * ServiceSubcategory and InvoiceId (null: nothing is invoiced); of the Conditional ones those whose condition holds
 * here: ResourceId, ResourceName, ResourceType ("GPU", "Host CPU and memory"), RegionId/RegionName,
 * SubAccountId/SubAccountName, ConsumedQuantity/ConsumedUnit and Tags. ChargeCategory is "Usage", ChargeClass null
 * (no correction of an invoiced period). ServiceCategory "Compute" with ServiceSubcategory "Virtual Machines" (the
 * spec's "computing environments ranging from hosts with abstracted operating systems to bare-metal servers"; GPU
 * time is infrastructure, as clouds file GPU instances, not an "AI and Machine Learning" service), ServiceName "GPU
 * compute" or "Host compute". Left out, their conditions not holding: ListUnitPrice, ContractedUnitPrice, SkuId,
 * SkuPriceId, SkuMeter, SkuPriceDetails (no price list), PricingCategory (one pricing category), PricingCurrency and
 * its prices (the engine converts every amount to the report currency), BillingAccountType and SubAccountType (one
 * type each), AvailabilityZone, the commitment discount and capacity reservation columns. Gridscope's own columns
 * follow, prefixed {@code x_}: the four cost parts, idle cost, energy (IT, facility, estimated part, idle, unpriced;
 * kWh) and its basis, operational and embodied kgCO2e, idle GPU-hours, coverage (time with readings ÷ time), how the
 * hardware was priced ("owned", "cloud", "fallback", joined with "+" when a day mixes them; null when no price is
 * known), whether the row is a user's SM-share split, the host and the GPU model. The site is not repeated in an
 * {@code x_} column: it is RegionId (FOCUS asks not to duplicate its columns).
 */
public final class FocusExport {
    /** The length of a charge period. */
    public enum Granularity {
        HOUR,
        DAY
    }

    /**
     * Who provides, publishes and invoices the hardware's time, and the billing account: the organisation itself.
     */
    public record Options(
            String providerName,
            String publisherName,
            String invoiceIssuerName,
            String billingAccountId,
            String billingAccountName) {
        public static final String ON_PREMISES = "On-premises";

        public Options {
            for (String s : new String[] {providerName, publisherName, invoiceIssuerName, billingAccountId}) {
                if (s == null || s.isBlank()) {
                    throw new IllegalArgumentException(
                            "provider, publisher, invoice issuer and billing account ID must not be empty");
                }
            }
            Objects.requireNonNull(billingAccountName);
        }

        /** "On-premises" for every name, billing account ID "on-premises". */
        public static Options defaults() {
            return new Options(ON_PREMISES, ON_PREMISES, ON_PREMISES, "on-premises", ON_PREMISES);
        }

        /** The organisation {@code name} as provider, publisher, invoice issuer and billing account. */
        public static Options organisation(String name) {
            return new Options(name, name, name, name, name);
        }
    }

    /**
     * What was written, summed from the written values.
     *
     * @param report the engine's report of the same period (grouped by site): its totals, warnings and methodology
     */
    public record Summary(
            long rows,
            Currency currency,
            BigDecimal effectiveCost,
            BigDecimal billedCost,
            BigDecimal itKwh,
            BigDecimal facilityKwh,
            BigDecimal operationalKgCo2e,
            BigDecimal embodiedKgCo2e,
            AccountingReport report) {}

    /** The FOCUS 1.2 columns written, in the specification's (alphabetical) order. */
    public static final List<String> FOCUS_COLUMNS = List.of(
            "BilledCost",
            "BillingAccountId",
            "BillingAccountName",
            "BillingCurrency",
            "BillingPeriodEnd",
            "BillingPeriodStart",
            "ChargeCategory",
            "ChargeClass",
            "ChargeDescription",
            "ChargeFrequency",
            "ChargePeriodEnd",
            "ChargePeriodStart",
            "ConsumedQuantity",
            "ConsumedUnit",
            "ContractedCost",
            "EffectiveCost",
            "InvoiceId",
            "InvoiceIssuerName",
            "ListCost",
            "PricingQuantity",
            "PricingUnit",
            "ProviderName",
            "PublisherName",
            "RegionId",
            "RegionName",
            "ResourceId",
            "ResourceName",
            "ResourceType",
            "ServiceCategory",
            "ServiceName",
            "ServiceSubcategory",
            "SubAccountId",
            "SubAccountName",
            "Tags");

    /** Gridscope's own columns, after the FOCUS ones. */
    public static final List<String> CUSTOM_COLUMNS = List.of(
            "x_AmortisationCost",
            "x_ElectricityCost",
            "x_CloudCost",
            "x_FallbackCost",
            "x_IdleCost",
            "x_EnergyKwh",
            "x_FacilityEnergyKwh",
            "x_EstimatedEnergyKwh",
            "x_EnergyBasis",
            "x_IdleEnergyKwh",
            "x_UnpricedEnergyKwh",
            "x_OperationalKgCO2e",
            "x_EmbodiedKgCO2e",
            "x_IdleHours",
            "x_Coverage",
            "x_HardwarePricing",
            "x_AllocationEstimated",
            "x_Host",
            "x_GpuModel");

    public static final List<String> COLUMNS =
            Stream.concat(FOCUS_COLUMNS.stream(), CUSTOM_COLUMNS.stream()).toList();

    private final AccountingEngine engine;
    private final Options options;

    public FocusExport(AccountingEngine engine, Options options) {
        this.engine = Objects.requireNonNull(engine);
        this.options = Objects.requireNonNull(options);
    }

    /** {@link #write(ReportRequest, Granularity, OutputStream, DoubleConsumer)} without progress. */
    public Summary write(ReportRequest request, Granularity granularity, OutputStream out) throws IOException {
        return write(request, granularity, out, p -> {});
    }

    /**
     * Runs the engine over {@code request} (its period, currency and filter; its grouping is not used) and writes
     * the dataset to {@code out} (flushed, not closed). {@code progress} receives 0..1 and may throw to stop.
     *
     * @throws IOException when {@code out} cannot be written
     */
    public Summary write(ReportRequest request, Granularity granularity, OutputStream out, DoubleConsumer progress)
            throws IOException {
        Objects.requireNonNull(granularity);
        // By site: few rows and days kept by the engine, and no budget reports computed on the side.
        ReportRequest bySite =
                new ReportRequest(request.from(), request.to(), GroupBy.SITE, request.currency(), request.filter());
        FocusRows rows = new FocusRows(engine.config(), options, granularity, bySite, out);
        AccountingReport report;
        try {
            rows.start();
            report = engine.report(bySite, progress, rows);
            rows.finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return rows.summary(report);
    }
}
