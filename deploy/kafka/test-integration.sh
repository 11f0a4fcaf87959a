#!/usr/bin/env bash
# test-integration.sh: the stream, edge, actor and metrics suites against a real
# Apache Kafka broker (kafka.sh) and a real redis-server, both started here on
# free loopback ports and stopped on exit, whether the tests pass, fail or
# are interrupted. The same suites run on the embedded backends under
# `make test`; here KAFKA_BROKERS and REDIS_ADDR point them at the real ones.
# Then the multi-process tier (internal/integration: scale-out, crash,
# broker and Redis outages with several `txstream serve` processes, and
# rounds of kill -9 of `txstream dev` and `serve --role all` on one data
# directory) runs on its own, after the suites, because it stops and starts
# the broker.
#
#   deploy/kafka/test-integration.sh [PACKAGE...]
#
# PACKAGE defaults to ./streams/... ./edge/... ./actors/... ./metrics/...
# ./internal/integration/...; a PACKAGE naming internal/integration, or ./...,
# runs that tier in the second phase.
# Environment: TEST_TIMEOUT (go test -timeout, default 30m), TEST_RUN (go
# test -run, e.g. TestKillRounds; default all), GO,
# TXSTREAM_IT_RATE (the tier's POSTs per second, default 200),
# TXSTREAM_IT_REPORT (a file the tier appends its figures to), and the
# KAFKA_* settings of kafka.sh (KAFKA_VERSION picks another Kafka release).
#
# KAFKA_BROKERS_COUNT=3 starts a three-node cluster instead (kafka.sh up
# --brokers 3, which also prints KAFKA_NODES); with TXSTREAM_CLUSTER=1 and
# TEST_RUN=TestReplicatedCluster that is `make test-cluster`.
#
# KAFKA_SECURITY=sasl_ssl starts the broker with its SASL_SSL listener and
# ACLs instead (kafka.sh, README.md): the tests get KAFKA_SASL_SSL_BROKERS,
# KAFKA_TLS_CA_FILE, KAFKA_SASL_ADMIN_USER, KAFKA_SASL_ADMIN_PASSWORD_FILE,
# KAFKA_SASL_USER, KAFKA_SASL_PASSWORD_FILE and KAFKA_ACL_PREFIX, and no
# KAFKA_BROKERS (so the suites that speak plaintext use the embedded
# broker); PACKAGE defaults to ./internal/testenv/ (its TestSecure* tests,
# which start their own TLS redis-server with testenv.StartSecureRedis).
# The functions below run from the EXIT trap, which shellcheck cannot see.
# shellcheck disable=SC2317
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
GO="${GO:-go}"
TEST_TIMEOUT="${TEST_TIMEOUT:-30m}"
RUN_FLAGS=()
[ -z "${TEST_RUN:-}" ] || RUN_FLAGS=(-run "$TEST_RUN")
PACKAGES=("$@")
SECURITY="${KAFKA_SECURITY:-plaintext}"
if [ ${#PACKAGES[@]} -eq 0 ]; then
	if [ "$SECURITY" = sasl_ssl ]; then
		PACKAGES=(./internal/testenv/)
	else
		PACKAGES=(./streams/... ./edge/... ./actors/... ./metrics/... ./internal/integration/...)
	fi
fi

# The suites run together; the tier runs after them, alone.
SUITES=()
TIER=()
for p in "${PACKAGES[@]}"; do
	case "$p" in
	*internal/integration*) TIER+=("$p") ;;
	./...)
		SUITES+=("$p")
		TIER=(./internal/integration/...)
		;;
	*) SUITES+=("$p") ;;
	esac
done

log() { echo "test-integration: $*" >&2; }
die() {
	echo "test-integration: error: $*" >&2
	exit 1
}

command -v redis-server >/dev/null || die "redis-server not on the PATH (apt-get install redis-server)"
command -v redis-cli >/dev/null || die "redis-cli not on the PATH (apt-get install redis-tools)"

# A state dir of our own, so a broker started by `make kafka-up` is left alone.
RUN="$(mktemp -d "${TMPDIR:-/tmp}/txstream-it.XXXXXX")"
export KAFKA_STATE_DIR="$RUN/kafka"
REDIS_PORT=""
TEST_PID=""

stop_redis() {
	[ -n "$REDIS_PORT" ] || return 0
	local pid=""
	[ -f "$RUN/redis.pid" ] && pid="$(cat "$RUN/redis.pid")"
	redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
	if [ -n "$pid" ]; then
		local deadline=$((SECONDS + 10))
		while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	log "redis-server stopped"
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [ -n "$TEST_PID" ] && kill -0 "$TEST_PID" 2>/dev/null; then
		log "stopping the tests"
		kill -TERM -- "-$TEST_PID" 2>/dev/null || true
		wait "$TEST_PID" 2>/dev/null || true
	fi
	stop_redis || true
	"$HERE/kafka.sh" down || true
	rm -rf "$RUN"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start=$SECONDS
env_lines="$("$HERE/kafka.sh" up)" || die "the Kafka broker did not start"
eval "$env_lines"
# Export exactly what kafka.sh printed: KAFKA_BROKERS, or the SASL_SSL set.
while IFS='=' read -r name _; do export "${name?}"; done <<<"$env_lines"
BROKER="${KAFKA_BROKERS:-${KAFKA_SASL_SSL_BROKERS:-} (SASL_SSL)}"
kafka_secs=$((SECONDS - start))

REDIS_PORT="$("$HERE/target/probe" ports 1)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
	--daemonize yes --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log" ||
	die "redis-server did not start"
deadline=$((SECONDS + 15))
until [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; do
	[ "$SECONDS" -lt "$deadline" ] || die "redis-server on port $REDIS_PORT does not answer PING"
	sleep 0.1 # poll interval
done
export REDIS_ADDR="127.0.0.1:$REDIS_PORT"

echo "integration: Apache Kafka $KAFKA_VERSION at $BROKER (up in ${kafka_secs}s)"
echo "integration: $(redis-server --version | cut -d' ' -f1-3) at $REDIS_ADDR"

# run_tests runs go test as a job in its own process group (set -m), waited
# for with `wait`, which a signal interrupts: on SIGTERM or Ctrl-C the trap
# stops the whole group (go and its test binaries) before the brokers, at
# once. It returns go test's status.
run_tests() {
	local rc=0
	set -m
	"$@" &
	TEST_PID=$!
	set +m
	wait "$TEST_PID" || rc=$?
	TEST_PID=""
	return "$rc"
}

tests_start=$SECONDS
cd "$REPO"
status=0
if [ ${#SUITES[@]} -gt 0 ]; then
	echo "integration: go test -race -count=1 ${SUITES[*]}"
	# The tier's switch stays off here: it must not run beside the suites.
	run_tests env -u TXSTREAM_INTEGRATION "$GO" test -race -count=1 -timeout "$TEST_TIMEOUT" ${RUN_FLAGS[@]+"${RUN_FLAGS[@]}"} "${SUITES[@]}" || status=$?
fi
if [ ${#TIER[@]} -gt 0 ]; then
	echo "integration: TXSTREAM_INTEGRATION=1 go test -race -count=1 -v ${TIER[*]} (the broker outage test stops and starts $BROKER)"
	tier_start=$SECONDS
	run_tests env TXSTREAM_INTEGRATION=1 TXSTREAM_KAFKA_STATE_DIR="$KAFKA_STATE_DIR" \
		"$GO" test -race -count=1 -v -timeout "$TEST_TIMEOUT" ${RUN_FLAGS[@]+"${RUN_FLAGS[@]}"} "${TIER[@]}" || status=$?
	echo "integration: the multi-process tier took $((SECONDS - tier_start))s"
fi
echo "integration: tests took $((SECONDS - tests_start))s, $((SECONDS - start))s in all, on Apache Kafka $KAFKA_VERSION"
exit "$status"
