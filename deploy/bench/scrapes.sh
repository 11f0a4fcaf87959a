#!/usr/bin/env bash
# The CPU of a /metrics scrape (BENCHMARKS.md, "The lag metrics' cost per
# scrape"): for each binary, a fresh txstream dev on random ports, then
# SCRAPES scrapes in a row; the process's CPU over them from
# /proc/PID/stat. Rounds interleave the binaries.
#
# Usage: deploy/bench/scrapes.sh OLD_BINARY NEW_BINARY
# Environment: SCRAPES (100), ROUNDS (3). Needs curl and python3.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
SCRAPES=${SCRAPES:-100}
ROUNDS=${ROUNDS:-3}
WORK="$(mktemp -d)"
DEV=""
cleanup() {
	[ -z "$DEV" ] || kill "$DEV" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# cpu_ticks prints the user and system clock ticks of process $1.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# measure starts binary $1 and prints the CPU and time per scrape.
measure() {
	local dir="$WORK/run" metrics t0 t1 s0 s1
	rm -rf "$dir" && mkdir -p "$dir"
	"$1" dev --data-dir "$dir/data" --transaction-addr 127.0.0.1:0 --converter-addr 127.0.0.1:0 \
		--manager-addr 127.0.0.1:0 --metrics-addr 127.0.0.1:0 --addresses-file "$dir/addr.json" >"$dir/log" 2>&1 &
	DEV=$!
	for _ in $(seq 1 240); do [ -s "$dir/addr.json" ] && break; sleep 0.5; done
	[ -s "$dir/addr.json" ] || { echo "$1 did not start; its log:" >&2; cat "$dir/log" >&2; exit 1; }
	metrics=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['metrics'])" "$dir/addr.json")
	curl -sf -o /dev/null "http://$metrics/metrics" # the first scrape connects the offsets client
	t0=$(cpu_ticks "$DEV"); s0=$(date +%s%N)
	for _ in $(seq 1 "$SCRAPES"); do curl -sf -o /dev/null "http://$metrics/metrics"; done
	t1=$(cpu_ticks "$DEV"); s1=$(date +%s%N)
	kill "$DEV"; wait "$DEV" 2>/dev/null || true; DEV=""
	python3 -c "import os,sys; t,n,ns=int(sys.argv[1]),int(sys.argv[2]),int(sys.argv[3]); hz=os.sysconf('SC_CLK_TCK'); print(f'CPU per scrape {1000*t/hz/n:.1f} ms, scrape time {ns/1e6/n:.1f} ms')" \
		"$((t1 - t0))" "$SCRAPES" "$((s1 - s0))"
}

for round in $(seq 1 "$ROUNDS"); do
	for bin in "$1" "$2"; do
		echo "round $round, $bin: $(measure "$bin")"
	done
done
