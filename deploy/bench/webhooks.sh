#!/usr/bin/env bash
# The cost of webhook delivery at a sustained rate, in the whole process
# (BENCHMARKS.md, "Webhooks: the cost of delivery"): txstream dev on fresh
# data with no endpoint, then with one endpoint subscribed to every event
# type on a local receiver (txbench sink, 204 to everything); an open-loop
# load of RATE tx/s for DUR; the process's CPU over the load and until no
# message is pending. Rounds interleave the two modes.
#
# Environment: RATE (250), DUR (30s), ROUNDS (2), PORT (15601: the first of
# four consecutive ports), EXTRA (more dev flags, such as
# --webhook-endpoint-concurrency=4). Needs curl and a free PORT..PORT+3.
set -euo pipefail

RATE=${RATE:-250}
DUR=${DUR:-30s}
ROUNDS=${ROUNDS:-2}
PORT=${PORT:-15601}
EXTRA=${EXTRA:-}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d)"
SINK=""
DEV=""
cleanup() {
	[ -z "$DEV" ] || kill "$DEV" 2>/dev/null || true
	[ -z "$SINK" ] || kill "$SINK" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

cd "$ROOT"
go build -o "$WORK/txstream" ./cmd/txstream
go build -o "$WORK/txbench" ./cmd/txbench
"$WORK/txbench" sink >"$WORK/sink.addr" &
SINK=$!
for _ in $(seq 100); do [ -s "$WORK/sink.addr" ] && break; sleep 0.1; done
RECEIVER="http://$(cat "$WORK/sink.addr")/hooks"

TX="127.0.0.1:$PORT"
MANAGER="127.0.0.1:$((PORT + 2))"
METRICS="127.0.0.1:$((PORT + 3))"

# cpu prints the user and system CPU seconds of process $1.
cpu() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }
# metric sums the samples of the process's /metrics whose line starts with $1.
metric() { curl -s "$METRICS/metrics" | awk -v m="$1" 'index($0, m) == 1 {s += $NF} END {print s + 0}'; }

measure() {
	local mode=$1 round=$2
	rm -rf "$WORK/data"
	# shellcheck disable=SC2086 # EXTRA is a list of flags
	"$WORK/txstream" dev --data-dir "$WORK/data" --transaction-addr "$TX" --converter-addr "127.0.0.1:$((PORT + 1))" \
		--manager-addr "$MANAGER" --metrics-addr "$METRICS" $EXTRA >"$WORK/dev.log" 2>&1 &
	DEV=$!
	for _ in $(seq 600); do
		curl -sf "$TX/readyz" >/dev/null 2>&1 && curl -sf "$MANAGER/readyz" >/dev/null 2>&1 && break
		sleep 0.2
	done
	if [ "$mode" = endpoint ]; then
		curl -sf "$MANAGER/webhooks" -H 'Content-Type: application/json' -d "{\"url\":\"$RECEIVER\",\"events\":[\"transaction.received\",\"transaction.converting\",\"transaction.completed\",\"transaction.failed\"]}" >/dev/null
	fi
	local c0 a0 c1 a1 p1 c2 d2
	c0=$(cpu "$DEV")
	a0=$(metric 'txstream_http_requests_total{code="201"')
	"$WORK/txbench" load --addr "$TX" --rate "$RATE" --duration "$DUR" --warmup 0s --e2e-every 0 --progress plain >"$WORK/load.log" 2>&1
	c1=$(cpu "$DEV")
	a1=$(metric 'txstream_http_requests_total{code="201"')
	p1=$(metric txstream_webhook_pending_messages)
	for _ in $(seq 300); do
		[ "$(metric txstream_webhook_pending_messages)" = 0 ] && break
		sleep 0.2
	done
	c2=$(cpu "$DEV")
	d2=$(metric 'txstream_webhook_deliveries_total{outcome="delivered"')
	awk -v m="$mode" -v r="$round" -v c0="$c0" -v c1="$c1" -v c2="$c2" -v a0="$a0" -v a1="$a1" -v p="$p1" -v d="$d2" 'BEGIN {
		a = a1 - a0
		printf "round %d %-8s accepted %d  CPU per tx: window %.0f us, with the drain %.0f us  pending at the window end %d  delivered %d\n",
			r, m, a, (c1 - c0) / a * 1e6, (c2 - c0) / a * 1e6, p, d
	}'
	kill "$DEV"
	wait "$DEV" 2>/dev/null || true
	DEV=""
}

echo "txstream dev at $RATE tx/s for $DUR, $ROUNDS rounds${EXTRA:+, $EXTRA}"
for round in $(seq "$ROUNDS"); do
	measure none "$round"
	measure endpoint "$round"
done
