#!/usr/bin/env bash
# Fuzzes every @FuzzTest target for SECONDS_PER_TARGET seconds (default 300), each in a JVM of its own, and prints
# per target the executions per second, the executions, the run length and any crash file.
#
#   bench/fuzz/run.sh [SECONDS_PER_TARGET] [FILTER]
#
# FILTER (optional) is a substring of "module/Class#method" selecting targets, e.g. "history/" or "Exposition".
# The generated corpus is kept outside the repository, in $GRIDSCOPE_FUZZ_DIR (default ~/.cache/gridscope-fuzz),
# so a later run continues from it. A crash is written by Jazzer into the target's regression directory
# (src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1>), where every `mvn verify` replays it.
set -uo pipefail

SECONDS_PER_TARGET="${1:-300}"
FILTER="${2:-}"
# Jazzer's regex injection sanitizer is off: alert rule matchers (=~) and accounting globs are regular expressions
# their author writes on purpose, so compiling them is what the product does, not an injection.
# One input running longer than this is a finding (Jazzer passes it to libFuzzer as -timeout). JUnit's own timeout
# check is turned off: it would apply the same limit to the whole fuzzing run and fail every run longer than it.
INPUT_TIMEOUT_SECONDS="${INPUT_TIMEOUT_SECONDS:-10}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CORPUS_ROOT="${GRIDSCOPE_FUZZ_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/gridscope-fuzz}"
LOGS="$ROOT/target/fuzz-logs"
mkdir -p "$CORPUS_ROOT" "$LOGS"

TARGETS=(
    "collectors/io.gridscope.collectors.prometheus.exposition.ExpositionFuzzTest#scrapingReadsOrRefusesAnyPayload"
    "collectors/io.gridscope.collectors.prometheus.exposition.ExpositionFuzzTest#strictCheckJudgesAnyPayload"
    "collectors/io.gridscope.collectors.prometheus.query.QueryResponseFuzzTest#anyBodyIsAResponseOrAQueryError"
    "history/io.gridscope.history.CodecFuzzTest#chunkDecodeRefusesDamageWithIllegalArgument"
    "history/io.gridscope.history.CodecFuzzTest#chunkRoundTripKeepsEverySampleBitForBit"
    "history/io.gridscope.history.CodecFuzzTest#rollupDecodeRefusesDamageWithIllegalArgument"
    "history/io.gridscope.history.CodecFuzzTest#rollupRoundTripKeepsEveryBucketBitForBit"
    "reports/io.gridscope.reports.config.AccountingFileFuzzTest#anyTextIsAConfigurationOrItsProblems"
    "alerts/io.gridscope.alerts.rules.RuleFileFuzzTest#anyTextIsARuleSetWithItsProblems"
    "alerts/io.gridscope.alerts.rules.RuleFileFuzzTest#everyNumberIsWrittenPlainAndReadsBack"
    "console-app/io.gridscope.console.cli.ImportFuzzTest#anyFileIsImportedOrRefusedWithItsLine"
    "console-app/io.gridscope.console.app.SourcesSettingsFuzzTest#savedSourcesLoadOnlyWhenTheyCanStart"
)

# Jazzer keeps its generated corpus in <module>/.cifuzz-corpus; it is pointed outside the repository for the run.
LINKS=()
cleanup() {
    for l in "${LINKS[@]}"; do
        [ -L "$l" ] && rm "$l"
    done
}
trap cleanup EXIT

echo "fuzzing ${SECONDS_PER_TARGET}s per target; corpus in $CORPUS_ROOT; logs in $LOGS"
echo "machine: $(nproc) cores, $(uname -srm), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-80s %10s %12s %8s %s\n' "target" "exec/s" "executions" "seconds" "result"
status=0
for t in "${TARGETS[@]}"; do
    [[ -n "$FILTER" && "$t" != *"$FILTER"* ]] && continue
    module="${t%%/*}"
    test="${t#*/}"
    link="$ROOT/$module/.cifuzz-corpus"
    mkdir -p "$CORPUS_ROOT/$module"
    if [ ! -e "$link" ]; then
        ln -s "$CORPUS_ROOT/$module" "$link"
        LINKS+=("$link")
    fi
    log="$LOGS/${test##*.}.log"
    start=$(date +%s)
    (cd "$ROOT" && JAZZER_FUZZ=1 mvn -B -o -q -pl "$module" -am verify \
        -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=none -Dfailsafe.skip=true \
        -Dspotless.check.skip=true -Djazzer.hooks=true -Djazzer.max_duration="${SECONDS_PER_TARGET}s" \
        -Djunit.jupiter.execution.timeout.testtemplate.method.default="${INPUT_TIMEOUT_SECONDS}s" \
        -Djunit.jupiter.execution.timeout.mode=disabled \
        -Djazzer.disabled_hooks=com.code_intelligence.jazzer.sanitizers.RegexInjection \
        >"$log" 2>&1)
    rc=$?
    wall=$(( $(date +%s) - start ))
    done_line=$(grep -aE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
    if [ -n "$done_line" ]; then
        runs=$(echo "$done_line" | awk '{print $2}')
        secs=$(echo "$done_line" | awk '{print $5}')
    else
        # stopped by a finding: libFuzzer's last status line holds the count so far
        last=$(grep -aE '^#[0-9]+' "$log" | tail -1)
        runs=$(echo "$last" | sed -E 's/^#([0-9]+).*/\1/')
        secs=$(grep -aoE 'exec/s: [0-9]+' <<<"$last" | awk '{print $2}')
        secs=${secs:+$(( runs / (secs > 0 ? secs : 1) ))}
    fi
    runs=${runs:-0}
    secs=${secs:-0}
    rate=$(( secs > 0 ? runs / secs : 0 ))
    crashes=$(grep -aoE 'Test unit written to [^ ]+' "$log" | awk '{print $5}' | tr '\n' ' ')
    if [ -n "$crashes" ]; then
        result="CRASH: $crashes"
        status=1
    elif [ $rc -ne 0 ]; then
        result="FAILED (rc $rc, see $log)"
        status=1
    else
        result="ok (${wall}s with the build)"
    fi
    printf '%-80s %10s %12s %8s %s\n' "$t" "$rate" "$runs" "$secs" "$result"
done
exit $status
