#!/usr/bin/env python3
"""Independent oracle for the TokenMonitor sample data.

Reads the files under samples/claude/projects and samples/api, applies the rules
written in samples/EXPECTED.md, and writes samples/expected.json and
samples/EXPECTED.md. Uses only the Python standard library and shares no code with
the C# module.

    python3 samples/tools/compute_expected.py          # rewrite both files
    python3 samples/tools/compute_expected.py --check  # exit 1 if they are stale
"""
import json
import sys
from collections import OrderedDict
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

SAMPLES = Path(__file__).resolve().parent.parent
CLAUDE_ROOT = SAMPLES / "claude" / "projects"
API_ROOT = SAMPLES / "api"
EXTRA_ZONES = ["Europe/Berlin", "America/New_York"]
FIELDS = ["input", "output", "cacheWrite5m", "cacheWrite1h", "cacheRead"]


def rel(p):
    return p.relative_to(SAMPLES).as_posix()


def as_int(v):
    return v if isinstance(v, int) and not isinstance(v, bool) else 0


def parse_ts(s):
    # ISO-8601 with milliseconds and Z, e.g. 2026-11-18T23:58:10.000Z
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def usage_of(obj):
    """The usage record a Claude Code line carries, or None."""
    if not isinstance(obj, dict) or not isinstance(obj.get("timestamp"), str):
        return None
    msg = obj.get("message")
    if not isinstance(msg, dict):
        return None
    u = msg.get("usage")
    if not isinstance(u, dict) or "input_tokens" not in u or "output_tokens" not in u:
        return None
    cc_total = as_int(u.get("cache_creation_input_tokens"))
    split = u.get("cache_creation")
    if isinstance(split, dict):
        w5, w1 = as_int(split.get("ephemeral_5m_input_tokens")), as_int(split.get("ephemeral_1h_input_tokens"))
    else:  # no breakdown: every cache write counts as 5m
        w5, w1 = cc_total, 0
    return {
        "input": as_int(u.get("input_tokens")),
        "output": as_int(u.get("output_tokens")),
        "cacheCreation": cc_total,
        "cacheWrite5m": w5,
        "cacheWrite1h": w1,
        "cacheRead": as_int(u.get("cache_read_input_tokens")),
    }


def dedup_total(t):
    return t["input"] + t["output"] + t["cacheCreation"] + t["cacheRead"]


def zero_bucket():
    b = OrderedDict(records=0)
    for f in FIELDS:
        b[f] = 0
    return b


def add(bucket, t):
    bucket["records"] += 1
    for f in FIELDS:
        bucket[f] += t[f]


def claude():
    files = sorted(CLAUDE_ROOT.rglob("*.jsonl"), key=lambda p: rel(p))
    per_file, malformed = [], []
    kept = OrderedDict()   # dedup key -> entry
    no_id = []             # lines without message.id: never deduplicated
    usage_lines = 0
    for path in files:
        info = OrderedDict(file=rel(path), lines=0, usageLines=0, distinctRecords=0, malformedLines=[])
        local_keys = set()
        local_noid = 0
        with path.open(encoding="utf-8") as fh:
            for n, raw in enumerate(fh, start=1):
                info["lines"] += 1
                line = raw.strip()
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:
                    info["malformedLines"].append(n)
                    malformed.append(OrderedDict(file=rel(path), line=n))
                    continue
                t = usage_of(obj)
                if t is None:
                    continue
                info["usageLines"] += 1
                usage_lines += 1
                msg = obj["message"]
                entry = {
                    "t": t,
                    "ts": parse_ts(obj["timestamp"]),
                    "model": msg.get("model") or "(none)",
                    "project": path.relative_to(CLAUDE_ROOT).parts[0],
                    "session": obj.get("sessionId") or path.stem,
                    "costUSD": obj.get("costUSD"),
                    "where": (rel(path), n),
                }
                mid = msg.get("id")
                if not isinstance(mid, str) or not mid:
                    no_id.append(entry)
                    local_noid += 1
                    continue
                key = mid + ":" + (obj.get("requestId") or "")
                local_keys.add(key)
                prev = kept.get(key)
                if prev is None or dedup_total(t) > dedup_total(prev["t"]):
                    kept[key] = entry  # first one wins on ties
        info["distinctRecords"] = len(local_keys) + local_noid
        per_file.append(info)

    records = list(kept.values()) + no_id
    totals = zero_bucket()
    by_day, by_model, by_project, by_session = {}, {}, {}, {}
    by_zone = {z: {} for z in EXTRA_ZONES}
    cost_usd = 0.0
    cost_lines = 0
    for e in records:
        add(totals, e["t"])
        add(by_day.setdefault(e["ts"].strftime("%Y-%m-%d"), zero_bucket()), e["t"])
        for z in EXTRA_ZONES:
            d = e["ts"].astimezone(ZoneInfo(z)).strftime("%Y-%m-%d")
            add(by_zone[z].setdefault(d, zero_bucket()), e["t"])
        add(by_model.setdefault(e["model"], zero_bucket()), e["t"])
        add(by_project.setdefault(e["project"], zero_bucket()), e["t"])
        add(by_session.setdefault(e["session"], zero_bucket()), e["t"])
        if isinstance(e["costUSD"], (int, float)) and not isinstance(e["costUSD"], bool):
            cost_usd += e["costUSD"]
            cost_lines += 1
    del totals["records"]
    srt = lambda d: OrderedDict(sorted(d.items()))
    return OrderedDict(
        records=len(records),
        usageLines=usage_lines,
        duplicatesRemoved=usage_lines - len(records),
        malformedLines=malformed,
        totals=totals,
        byDayUtc=srt(by_day),
        byDayInZone=OrderedDict((z, srt(by_zone[z])) for z in EXTRA_ZONES),
        byModel=srt(by_model),
        byProject=srt(by_project),
        bySession=srt(by_session),
        costUSD=OrderedDict(records=cost_lines, sum=round(cost_usd, 6)),
        files=per_file,
    )


def api_item(id_, model, when, inp, out, cread, w5, w1, reasoning):
    return OrderedDict(id=id_, model=model, created=when, input=inp, output=out, cacheRead=cread,
                       cacheWrite5m=w5, cacheWrite1h=w1, reasoning=reasoning)


def unix_iso(s):
    return datetime.fromtimestamp(s, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def openai_chat(o):
    u = o["usage"]
    cached = as_int((u.get("prompt_tokens_details") or {}).get("cached_tokens"))
    reasoning = as_int((u.get("completion_tokens_details") or {}).get("reasoning_tokens"))
    return api_item(o["id"], o["model"], unix_iso(o["created"]), u["prompt_tokens"] - cached,
                    u["completion_tokens"], cached, 0, 0, reasoning)


def openai_response(o):
    u = o["usage"]
    cached = as_int((u.get("input_tokens_details") or {}).get("cached_tokens"))
    reasoning = as_int((u.get("output_tokens_details") or {}).get("reasoning_tokens"))
    return api_item(o["id"], o["model"], unix_iso(o["created_at"]), u["input_tokens"] - cached,
                    u["output_tokens"], cached, 0, 0, reasoning)


def anthropic_message(o):
    u = o["usage"]
    cc = as_int(u.get("cache_creation_input_tokens"))
    split = u.get("cache_creation")
    w5, w1 = ((as_int(split.get("ephemeral_5m_input_tokens")), as_int(split.get("ephemeral_1h_input_tokens")))
              if isinstance(split, dict) else (cc, 0))
    return api_item(o["id"], o["model"], None, as_int(u.get("input_tokens")), as_int(u.get("output_tokens")),
                    as_int(u.get("cache_read_input_tokens")), w5, w1, 0)


def api():
    out = OrderedDict()
    chat = json.loads((API_ROOT / "openai-chat-completion.json").read_text(encoding="utf-8"))
    items = {"openai-chat-completion.json": [openai_chat(chat)]}
    with (API_ROOT / "openai-responses.jsonl").open(encoding="utf-8") as fh:
        items["openai-responses.jsonl"] = [openai_response(json.loads(l)) for l in fh if l.strip()]
    msgs = json.loads((API_ROOT / "anthropic-messages.json").read_text(encoding="utf-8"))
    items["anthropic-messages.json"] = [anthropic_message(m) for m in msgs]
    for name, its in items.items():
        s = OrderedDict(records=len(its))
        for f in ["input", "output", "cacheRead", "cacheWrite5m", "cacheWrite1h", "reasoning"]:
            s[f] = sum(i[f] for i in its)
        s["items"] = its
        out[name] = s
    return out


def fmt(n):
    return f"{n:,}"


def bucket_table(title, key_name, d):
    rows = [f"### {title}", "", f"| {key_name} | records | input | output | cache write 5m | cache write 1h | cache read |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for k, b in d.items():
        rows.append(f"| {k} | {b['records']} | " + " | ".join(fmt(b[f]) for f in FIELDS) + " |")
    return rows + [""]


def markdown(res):
    c, a = res["claude"], res["api"]
    t = c["totals"]
    L = ["# Expected results for the sample data", "",
         "Generated by `samples/tools/compute_expected.py` (do not edit by hand; rerun the script).",
         "Machine-readable copy: `samples/expected.json`.", "",
         "## Rules the oracle applies", "",
         "- **Claude Code lines.** Every `*.jsonl` under `samples/claude/projects/` is read, recursively",
         "  (including `{sessionId}/subagents/`). A line is a usage line when it parses as JSON and has",
         "  `timestamp` plus `message.usage` with `input_tokens` and `output_tokens`. User lines,",
         "  `summary` and `file-history-snapshot` lines are skipped; a line that is not valid JSON is malformed",
         "  (reported, skipped, reading continues).",
         "- **Dedup.** Key = `message.id` + `:` + `requestId` (missing `requestId` = empty string), across all",
         "  files. Among copies the one with the largest `input + output + cache_creation + cache_read` is kept;",
         "  the first one read wins a tie. Lines without `message.id` are never deduplicated.",
         "- **Cache writes.** `cache_creation.ephemeral_5m_input_tokens` / `…_1h_…`; when the `cache_creation`",
         "  object is missing, all of `cache_creation_input_tokens` counts as 5m.",
         "- **`<synthetic>`** lines count as records with zero tokens.",
         "- **Days.** `yyyy-MM-dd` of the timestamp in UTC (extra tables: Europe/Berlin, America/New_York).",
         "- **API files.** InputTokens = uncached input: OpenAI Chat `prompt_tokens − cached_tokens`, Responses",
         "  `input_tokens − cached_tokens`, Anthropic `input_tokens` as is. Output = `completion_tokens` /",
         "  `output_tokens` (reasoning already inside). Reasoning is an informational breakdown of output.",
         "",
         "## What the sample data exercises", "",
         "- Session A (`-home-alice-src-webapp/7d3c2f0e…`): one reply written as three lines (thinking, text,",
         "  tool_use) whose first two copies carry a streaming-partial `output_tokens` of 12 and the last one",
         "  the final 318 (dedup must keep 318); a two-line reply (text + Task tool_use); a mid-session switch",
         "  to `claude-opus-4-1-20250805` with 1h cache writes; `file-history-snapshot` lines.",
         "- Its subagent file (`7d3c2f0e…/subagents/agent-a1b2c3d4.jsonl`): `isSidechain: true`,",
         "  `agentId`, `claude-haiku-4-5-20251001`, own message ids and request ids.",
         "- Session B (`0b9e8d7c…`, resumed from A): starts with a `summary` line, then replays five lines",
         "  of A verbatim (same `uuid`, `sessionId`, `timestamp`, `message.id`, `requestId`; three of them are",
         "  assistant lines, including the partial and the final copy of the streamed reply). New calls",
         "  continue across UTC midnight (one at `2026-11-18T23:58:10.000Z`), use",
         "  `claude-opus-4-5-20251101` with 1h cache writes, and include a `<synthetic>` line (zero usage,",
         "  no `requestId`).",
         "- Session C (`-home-alice-src-api/3e4f5a6b…`, older Claude Code 1.0.72): no `cache_creation`",
         "  breakdown on any line (all writes are 5m), one line with top-level `costUSD: 0.0123`, the only",
         "  malformed line of the folder (an assistant line cut off mid-way, valid lines follow), a two-line",
         "  reply, and a gap of four days between two prompts.",
         "",
         "## Claude Code folder", "",
         "### Per file", "",
         "| file | lines | usage lines | distinct records in file | malformed lines |",
         "|---|---:|---:|---:|---|"]
    for f in c["files"]:
        L.append(f"| `{f['file']}` | {f['lines']} | {f['usageLines']} | {f['distinctRecords']} | "
                 f"{', '.join(map(str, f['malformedLines'])) or '—'} |")
    L += ["", "\"Distinct records in file\" dedups within that file only; the replayed lines of A inside B",
          "count there too, so the per-file numbers add up to more than the folder total.", "",
          "### Totals after dedup (whole folder)", "",
          f"- usage lines: **{c['usageLines']}**, records kept: **{c['records']}**, duplicates removed: **{c['duplicatesRemoved']}**",
          f"- malformed lines: " + ", ".join(f"`{m['file']}` line {m['line']}" for m in c["malformedLines"]),
          f"- input **{fmt(t['input'])}**, output **{fmt(t['output'])}**, cache write 5m **{fmt(t['cacheWrite5m'])}**, "
          f"cache write 1h **{fmt(t['cacheWrite1h'])}**, cache read **{fmt(t['cacheRead'])}**",
          f"- records carrying `costUSD`: {c['costUSD']['records']} (sum {c['costUSD']['sum']})", ""]
    L += bucket_table("By UTC day", "day (UTC)", c["byDayUtc"])
    for z, d in c["byDayInZone"].items():
        L += bucket_table(f"By day in {z}", "day", d)
    L += bucket_table("By model", "model", c["byModel"])
    L += bucket_table("By project", "project", c["byProject"])
    L += bucket_table("By session (`sessionId` on the line)", "session", c["bySession"])
    L += ["## API sample files", "",
          "| file | records | input (uncached) | output | cache read | cache write 5m | cache write 1h | reasoning |",
          "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, s in a.items():
        L.append(f"| `api/{name}` | {s['records']} | {fmt(s['input'])} | {fmt(s['output'])} | {fmt(s['cacheRead'])} | "
                 f"{fmt(s['cacheWrite5m'])} | {fmt(s['cacheWrite1h'])} | {fmt(s['reasoning'])} |")
    L += ["", "Per record:", "",
          "| file | id | model | created (UTC) | input | output | cache read | write 5m | write 1h | reasoning |",
          "|---|---|---|---|---:|---:|---:|---:|---:|---:|"]
    for name, s in a.items():
        for i in s["items"]:
            L.append(f"| `{name}` | `{i['id']}` | {i['model']} | {i['created'] or '—'} | {fmt(i['input'])} | "
                     f"{fmt(i['output'])} | {fmt(i['cacheRead'])} | {fmt(i['cacheWrite5m'])} | "
                     f"{fmt(i['cacheWrite1h'])} | {fmt(i['reasoning'])} |")
    L += ["", "Anthropic Messages responses carry no timestamp, hence no created time.", ""]
    return "\n".join(L)


def main():
    res = OrderedDict(claude=claude(), api=api())
    js = json.dumps(res, indent=2) + "\n"
    md = markdown(res)
    targets = {SAMPLES / "expected.json": js, SAMPLES / "EXPECTED.md": md}
    if "--check" in sys.argv[1:]:
        stale = [p.name for p, s in targets.items() if not p.exists() or p.read_text(encoding="utf-8") != s]
        if stale:
            print("stale: " + ", ".join(stale))
            return 1
        print("up to date")
        return 0
    for p, s in targets.items():
        with p.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(s)
    print(f"claude: {res['claude']['records']} records, {res['claude']['duplicatesRemoved']} duplicates removed, "
          f"malformed {res['claude']['malformedLines']}")
    print("totals:", dict(res["claude"]["totals"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
