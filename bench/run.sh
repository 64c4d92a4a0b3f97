#!/usr/bin/env bash
# Times whole runs side by side on one generated Claude Code corpus, in one run:
#   floor            a plain Utf8JsonReader scan of every line (bench tool)
#   engine           the engine's reader alone, no PowerShell (bench tool)
#   start            tokenmonitor: PowerShell started and the module imported, nothing read
#   import           tokenmonitor: Import-UsageLog | Out-Null
#   import+daily     tokenmonitor: Import-UsageLog | Measure-TokenCost -GroupBy Day
#   budget1          tokenmonitor: Import-UsageLog | Test-BudgetThreshold -Amount 1000 -Period Monthly
#   budgets50        tokenmonitor: Import-UsageLog | Test-BudgetThreshold -BudgetFile bench/budgets-50.json
#   budgets50-eng    the same 50 budgets in the engine alone (read, price, fold, evaluate)
#   ccusage daily    npx ccusage@20.0.24 claude daily --json --offline
# and checks that token totals per day equal ccusage's (and costs, within 0.01 %, on a corpus without
# requests above 200k tokens). Wall time and peak RSS come from GNU time.
#
#   bench/run.sh                          # 1,000,000 responses (about 1.9 GB)
#   RESPONSES=100000 bench/run.sh         # a quicker corpus
#   MAX_PROMPT=200000 bench/run.sh        # no request above 200k: daily costs must match ccusage
#   RUNS=5 bench/run.sh                   # runs per measurement (median wall time; default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
responses=${RESPONSES:-1000000}
max_prompt=${MAX_PROMPT:-}
work=$root/bench/.work
corpus=$work/corpus-$responses${max_prompt:+-max$max_prompt}
results=$work/results-$responses${max_prompt:+-max$max_prompt}
mkdir -p "$work" "$results"
export TZ=UTC LOG_LEVEL=0 NO_COLOR=1

echo "building (Release; tokenmonitor published ReadyToRun, as pwsh itself ships, so PowerShell starts in 0.2 s, not 0.5 s)"
dotnet build -c Release bench/TokenMonitor.Bench -v q -nologo >/dev/null
rm -rf "$work/host"
dotnet publish src/TokenMonitor.Host -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
    -o "$work/host" -v q -nologo >/dev/null
bench=(dotnet "$root/bench/TokenMonitor.Bench/bin/Release/net10.0/TokenMonitor.Bench.dll")
host=(dotnet "$work/host/tokenmonitor.dll")

if [ ! -d "$corpus" ]; then
    "${bench[@]}" generate "$corpus" --responses "$responses" ${max_prompt:+--max-prompt "$max_prompt"}
fi

# ccusage from npm, pinned: later versions launch a native binary this registry does not carry.
if [ ! -x "$work/node/node_modules/.bin/ccusage" ]; then
    mkdir -p "$work/node"
    (cd "$work/node" && npm install --silent --no-audit --no-fund ccusage@20.0.24 >/dev/null)
fi
ccusage="$work/node/node_modules/.bin/ccusage"

runs=${RUNS:-3}

measure() { # name, command... : the median wall time and the highest peak RSS of $runs runs
    local name=$1; shift
    : > "$results/$name.times"
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$results/$name.time" "$@" > "$results/$name.out" 2> "$results/$name.err" || {
            echo "$name failed:"; tail -5 "$results/$name.err"; exit 1; }
        cat "$results/$name.time" >> "$results/$name.times"
    done
    sort -n "$results/$name.times" | awk -v n="$runs" '{ s[NR] = $1; if ($2 > kb) kb = $2 } END { print s[int((n + 1) / 2)], kb }' > "$results/$name.time"
    read -r seconds kb < "$results/$name.time"
    printf '%-14s %8.2f s %8.0f MB   (median of %d)\n' "$name" "$seconds" "$((kb / 1024))" "$runs"
}

cat "$corpus"/projects/*/*.jsonl > /dev/null   # warm the page cache so every run reads from memory
echo "corpus: $(du -sh "$corpus" | cut -f1), $responses responses${max_prompt:+, prompts <= $max_prompt}"
measure floor "${bench[@]}" floor "$corpus"
measure engine "${bench[@]}" read "$corpus"
measure start "${host[@]}" -Command "Get-Command Import-UsageLog | Out-Null"
measure import "${host[@]}" -Command "Import-UsageLog '$corpus' -Recurse | Out-Null"
measure import+daily "${host[@]}" -Command "Import-UsageLog '$corpus' -Recurse | Measure-TokenCost -GroupBy Day -CostMode Calculate | ForEach-Object { '{0:yyyy-MM-dd},{1},{2},{3},{4},{5}' -f \$_.Day, \$_.InputTokens, \$_.OutputTokens, \$_.CacheWriteTokens, \$_.CacheReadTokens, \$_.Cost }"
measure budget1 "${host[@]}" -Command "Import-UsageLog '$corpus' -Recurse | Test-BudgetThreshold -Amount 1000 -Period Monthly -AsOf '2026-11-15T12:00:00Z' | Out-Null"
measure budgets50 "${host[@]}" -Command "Import-UsageLog '$corpus' -Recurse | Test-BudgetThreshold -BudgetFile '$root/bench/budgets-50.json' -AsOf '2026-11-15T12:00:00Z' | Out-Null"
measure budgets50-eng "${bench[@]}" budgets "$corpus" "$root/bench/budgets-50.json" 2026-11-15T12:00:00Z
measure ccusage env CLAUDE_CONFIG_DIR="$corpus" "$ccusage" claude daily --json --offline --mode calculate

python3 - "$results" "${max_prompt:+strict}" <<'PY'
import json, sys
results, strict = sys.argv[1], sys.argv[2] == "strict"
def t(name):
    s, kb = open(f"{results}/{name}.time").read().split()
    return float(s), int(kb) / 1024
ours = {}
for line in open(f"{results}/import+daily.out"):
    day, i, o, w, r, cost = line.strip().split(",")
    ours[day] = (int(i), int(o), int(w), int(r), float(cost))
theirs = {d["date"]: (d["inputTokens"], d["outputTokens"], d["cacheCreationTokens"], d["cacheReadTokens"], d["totalCost"])
          for d in json.load(open(f"{results}/ccusage.out"))["daily"]}
tokens_equal = ours.keys() == theirs.keys() and all(ours[d][:4] == theirs[d][:4] for d in ours)
worst = max(abs(ours[d][4] - theirs[d][4]) / theirs[d][4] for d in ours if d in theirs and theirs[d][4])
floor, engine, imp, daily, cc = (t(n) for n in ["floor", "engine", "import", "import+daily", "ccusage"])
print(f"days: {len(ours)} ours, {len(theirs)} ccusage; token totals per day equal: {tokens_equal}")
print(f"largest daily cost difference: {worst * 100:.4f} %" + ("" if strict else " (corpus has requests above 200k: providers bill those whole at the long-context rate, ccusage splits them; see docs/pricing.md)"))
start = t("start")
print(f"engine read / floor: {engine[0] / floor[0]:.2f}x; Import-UsageLog / floor: {imp[0] / floor[0]:.2f}x (PowerShell's start: {start[0]:.2f} s)")
b1, b50 = t("budget1"), t("budgets50")
print(f"50 budgets / 1 budget (Import|Test-BudgetThreshold): {b50[0] / b1[0]:.2f}x; 50 budgets / Import alone: {b50[0] / imp[0]:.2f}x; peak memory {b50[1]:.0f} MB")
print("engine: " + open(f"{results}/budgets50-eng.out").read().strip())
print(f"ccusage daily / Import|Measure -GroupBy Day: {cc[0] / daily[0]:.2f}x faster; peak memory {daily[1]:.0f} MB vs {cc[1]:.0f} MB")
if not tokens_equal or (strict and worst > 0.0001):
    sys.exit(1)
PY
