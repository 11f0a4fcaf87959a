#!/usr/bin/env bash
# kafka.sh: one real Apache Kafka broker on loopback, for tests and local
# use, without Docker. KRaft combined mode (broker and controller in one JVM),
# started with the machine's Java from jars that Maven resolves (pom.xml).
#
#   kafka.sh up        start (or find running) and print KAFKA_BROKERS=...
#                      and KAFKA_VERSION=... on stdout: eval "$(kafka.sh up)"
#   kafka.sh down      stop it (SIGTERM, then SIGKILL) and remove its state
#   kafka.sh stop      stop it but keep its state (data, ports)
#   kafka.sh start     start a stopped one again, same ports and data (else up)
#   kafka.sh status    print the same lines if it runs; exit 1 if not
#   kafka.sh kill      kill -9 it (a crash: no controlled shutdown), keep state
#   kafka.sh classpath resolve the jars only (e.g. to warm a CI cache)
#   kafka.sh cluster-id print a fresh KRaft cluster id (e.g. for compose's
#                      KAFKA_CLUSTER_ID)
#
# A replicated cluster (cluster.sh): N nodes, each broker and controller.
#   kafka.sh up --brokers 3   (or KAFKA_BROKERS_COUNT=3 kafka.sh up) starts
#                      three; KAFKA_BROKERS lists node 1, 2, 3 in order, and
#                      up prints KAFKA_NODES=3 as well
#   kafka.sh stop I, start I, kill I   one node by its number (node.id)
#   kafka.sh stop, start, down, status  every node
#
# Environment (all optional):
#   KAFKA_STATE_DIR      where the broker keeps config, logs, data, pid
#                        (default deploy/kafka/target/run; one broker or
#                        one cluster each)
#   KAFKA_VERSION        Kafka release from Maven Central (default: pom.xml)
#   KAFKA_HEAP           JVM -Xmx (default 512m; 384m a node in a cluster)
#   KAFKA_START_TIMEOUT  seconds to wait for the broker to serve (default 120)
#   KAFKA_STOP_TIMEOUT   seconds to wait after SIGTERM before SIGKILL (30)
#   KAFKA_LOG_LEVEL      root log level of the broker (default WARN)
#   KAFKA_SECURITY       plaintext (default) or sasl_ssl: a SASL_SSL listener
#                        (SCRAM-SHA-512, PLAIN), ACLs, two users; up then
#                        prints KAFKA_SASL_SSL_BROKERS, KAFKA_TLS_CA_FILE and
#                        the users' names and password files instead of
#                        KAFKA_BROKERS (secure.sh, README.md)
#   KAFKA_ACL_PREFIX     sasl_ssl: the prefix of the topics, groups and
#                        transactional ids the txstream user may use
#                        (default txstream)
#   KAFKA_SERVER_PROPERTIES  extra server.properties lines (newline-separated);
#                        they override the defaults below, e.g.
#                        group.min.session.timeout.ms=6000 for a stock broker
#   JAVA, MVN, GO        the tools to use (default: from the PATH)
#
# Progress goes to stderr; stdout carries only the KEY=VALUE lines.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
TARGET="$HERE/target"
STATE="${KAFKA_STATE_DIR:-$TARGET/run}"
# NODE is the directory of the node at hand: the state dir itself for one
# broker, STATE/node-I for node I of a cluster (cluster.sh).
NODE="$STATE"
HEAP="${KAFKA_HEAP:-512m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
LOG_LEVEL="${KAFKA_LOG_LEVEL:-WARN}"
JAVA="${JAVA:-java}"
MVN="${MVN:-mvn}"
GO="${GO:-go}"
PROBE="$TARGET/probe"
# A file that marks a directory as this script's, so that down never removes
# a directory it did not make.
MARKER=".txstream-kafka-state"

log() { echo "kafka.sh: $*" >&2; }
die() {
	echo "kafka.sh: error: $*" >&2
	exit 1
}

# shellcheck source=deploy/kafka/secure.sh
. "$HERE/secure.sh"
# shellcheck source=deploy/kafka/cluster.sh
. "$HERE/cluster.sh"

# security is the mode of the state dir's broker, else KAFKA_SECURITY.
security() {
	local mode
	mode="$(sed -n 's/^KAFKA_SECURITY=//p' "$STATE/kafka.env" 2>/dev/null || true)"
	mode="${mode:-${KAFKA_SECURITY:-plaintext}}"
	case "$mode" in
	plaintext | sasl_ssl) echo "$mode" ;;
	*) die "KAFKA_SECURITY is plaintext or sasl_ssl, not '$mode'" ;;
	esac
}

need() {
	command -v "$1" >/dev/null 2>&1 || die "$1 not found on the PATH ($2)"
}

# Kafka 4 brokers need Java 17 or newer.
check_java() {
	need "$JAVA" "install a JDK 17+, e.g. apt-get install openjdk-17-jre-headless, or set JAVA"
	local v major
	v="$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')" || true
	major="${v%%.*}"
	[ "$major" = "1" ] && major="$(echo "$v" | cut -d. -f2)"
	[[ "$major" =~ ^[0-9]+$ ]] || die "cannot read the Java version from '$JAVA -version'"
	[ "$major" -ge 17 ] || die "Kafka 4 needs Java 17 or newer; $JAVA is $v"
}

# classpath prints the broker's classpath, resolving it with Maven when the
# cached one is missing, older than pom.xml, or names a jar that is gone.
# Offline first, so a warm ~/.m2 needs no network.
classpath() {
	local version file mvnargs=(-B -q -Dstyle.color=never -f "$HERE/pom.xml")
	version="$(wanted_version)"
	file="$(classpath_file)"
	[ -n "${KAFKA_VERSION:-}" ] && mvnargs+=("-Dkafka.version=$KAFKA_VERSION")
	if ! classpath_fresh "$file"; then
		need "$MVN" "install Maven 3.8+, e.g. apt-get install maven, or set MVN"
		mkdir -p "$TARGET"
		log "resolving Apache Kafka $version with Maven"
		if ! "$MVN" "${mvnargs[@]}" -o generate-resources >"$TARGET/mvn.log" 2>&1; then
			"$MVN" "${mvnargs[@]}" generate-resources >"$TARGET/mvn.log" 2>&1 || {
				tail -n 40 "$TARGET/mvn.log" >&2
				die "Maven could not resolve org.apache.kafka:kafka_2.13:$version and its dependencies (log: $TARGET/mvn.log)"
			}
		fi
		classpath_fresh "$file" || die "Maven ran but $file is missing or names missing jars"
	fi
	cat "$file"
}

# wanted_version is KAFKA_VERSION, else the pom's kafka.version.
wanted_version() {
	echo "${KAFKA_VERSION:-$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/pom.xml")}"
}

# classpath_file is where pom.xml writes the classpath of that version.
classpath_file() { echo "$TARGET/classpath-$(wanted_version).txt"; }

classpath_fresh() {
	local file="$1" jar
	[ -s "$file" ] && [ "$file" -nt "$HERE/pom.xml" ] || return 1
	IFS=: read -r -a jars <"$file"
	for jar in "${jars[@]}"; do
		[ -f "$jar" ] || return 1
	done
}

# build_probe builds the Go readiness probe when its sources changed.
build_probe() {
	local src
	if [ -x "$PROBE" ]; then
		src="$(find "$HERE/probe" -name '*.go' -newer "$PROBE" | head -n 1)"
		[ -z "$src" ] && return 0
	fi
	need "$GO" "install Go, or set GO"
	mkdir -p "$TARGET"
	(cd "$REPO" && "$GO" build -o "$PROBE" ./deploy/kafka/probe) || die "cannot build the probe (deploy/kafka/probe)"
}

pid_of() { [ -f "$NODE/kafka.pid" ] && cat "$NODE/kafka.pid"; }

# ours reports whether pid is alive and is the broker of this state dir, so
# a recycled pid is never signalled.
ours() {
	local pid="$1"
	[ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] &&
		tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "kafka.Kafka $NODE/server.properties"
}

running() { ours "$(pid_of || true)"; }

# remove_state deletes the state dir, but only one this script made.
remove_state() {
	[ -d "$STATE" ] || return 0
	if [ -f "$STATE/$MARKER" ] || [ -z "$(ls -A "$STATE")" ]; then
		rm -rf "$STATE"
	else
		die "$STATE is not a kafka.sh state dir (no $MARKER); not removing it"
	fi
}

# write_config writes the node's configuration. Arguments: its client and
# controller ports, and for a node of a cluster (cluster.sh) its node id, the
# quorum's voters and the replicas of every topic.
write_config() {
	local port="$1" cport="$2" id="${3:-1}" voters="${4:-1@127.0.0.1:$2}" replicas="${5:-1}"
	# sasl_ssl: the JAAS lines hold passwords.
	(umask 077 && : >"$NODE/server.properties")
	cat >"$NODE/server.properties" <<EOF
# Written by deploy/kafka/kafka.sh: one KRaft node, broker and controller.
process.roles=broker,controller
node.id=$id
controller.quorum.voters=$voters
$(listener_config "$port" "$cport")
log.dirs=$NODE/data
$(replication_config "$replicas")
offsets.topic.num.partitions=10
# Tests: groups form at once, and the suites' short session timeouts (down
# to 1s) are accepted, as on the embedded broker.
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=100
auto.create.topics.enable=true
num.partitions=10
EOF
	if [ -n "${KAFKA_SERVER_PROPERTIES:-}" ]; then
		# Java properties: a later line wins over an earlier one.
		printf '# KAFKA_SERVER_PROPERTIES\n%s\n' "$KAFKA_SERVER_PROPERTIES" >>"$NODE/server.properties"
	fi
	cat >"$NODE/log4j2.properties" <<EOF
status = warn
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = $LOG_LEVEL
rootLogger.appenderRef.out.ref = out
# The lines that say which version runs and when it has started.
logger.appinfo.name = org.apache.kafka.common.utils.AppInfoParser
logger.appinfo.level = info
logger.raftserver.name = kafka.server.KafkaRaftServer
logger.raftserver.level = info
EOF
}

# replication_config sets the internal topics' replicas: one on one node,
# else up to three with two in sync, and the same defaults for the topics
# the broker creates itself.
replication_config() {
	local replicas="$1" isr=1
	[ "$replicas" -ge 3 ] && isr=2
	if [ "$replicas" -eq 1 ]; then
		echo "# One node: every internal topic has one replica."
	else
		echo "# $replicas replicas of every topic, $isr of them in sync for a write."
		echo "default.replication.factor=$replicas"
		echo "min.insync.replicas=$isr"
	fi
	cat <<EOF
offsets.topic.replication.factor=$replicas
transaction.state.log.replication.factor=$replicas
transaction.state.log.min.isr=$isr
share.coordinator.state.topic.replication.factor=$replicas
share.coordinator.state.topic.min.isr=$isr
EOF
}

listener_config() {
	if [ "$(security)" = sasl_ssl ]; then
		secure_listeners "$@"
		return
	fi
	cat <<EOF
listeners=PLAINTEXT://127.0.0.1:$1,CONTROLLER://127.0.0.1:$2
advertised.listeners=PLAINTEXT://127.0.0.1:$1
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
EOF
}

# A random cluster id: 16 random bytes, URL-safe base64 without padding,
# which is the form kafka-storage random-uuid prints. Like Kafka's
# Uuid.randomUuid it draws again when the id starts with "-": kafka-storage
# format would read such an id as an option.
cluster_id() {
	local id=-
	while [[ "$id" == -* ]]; do
		id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
	done
	printf '%s' "$id"
}

# format_storage formats the node's storage with the cluster id given (the
# same for every node of a cluster), else a fresh one.
format_storage() {
	local cp="$1" id="${2:-$(cluster_id)}"
	"$JAVA" -Xmx256m -Dlog4j2.configurationFile="file:$NODE/log4j2.properties" -cp "$cp" \
		kafka.tools.StorageTool format -t "$id" -c "$NODE/server.properties" \
		>"$NODE/format.log" 2>&1 || {
		cat "$NODE/format.log" >&2
		die "kafka-storage format failed (log: $NODE/format.log)"
	}
}

start_broker() {
	local cp="$1"
	# setsid: the broker outlives this script and its caller's terminal
	# signals; its pid is the JVM's (setsid execs in place here).
	setsid "$JAVA" -Xmx"$HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
		-XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
		-Dlog4j2.configurationFile="file:$NODE/log4j2.properties" \
		-cp "$cp" kafka.Kafka "$NODE/server.properties" \
		>"$NODE/kafka.out" 2>&1 </dev/null &
	echo $! >"$NODE/kafka.pid"
}

# wait_ready polls the probe until the broker serves requests, the JVM dies,
# or the timeout passes. Arguments after the brokers are the probe's login
# flags (sasl_ssl).
wait_ready() {
	local brokers="$1" pid deadline
	shift
	pid="$(pid_of)"
	deadline=$((SECONDS + START_TIMEOUT))
	until "$PROBE" ready -brokers "$brokers" -timeout 2s "$@" >"$NODE/probe.out" 2>&1; do
		if ! kill -0 "$pid" 2>/dev/null; then
			tail -n 40 "$NODE/kafka.out" >&2
			die "the broker exited while starting (log: $NODE/kafka.out)"
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			tail -n 20 "$NODE/kafka.out" >&2
			cat "$NODE/probe.out" >&2
			stop_pid "$pid"
			die "the broker did not serve requests within ${START_TIMEOUT}s (log: $NODE/kafka.out)"
		fi
		sleep 0.2 # poll interval, not a synchronization
	done
}

# broker_version is the release of the kafka_2.13 jar the broker runs from.
# (ApiVersions only lets the probe guess the minor release; kafka.sh logs that
# guess beside it as a cross-check.)
broker_version() {
	local v
	v="$(tr ':' '\n' <"$1" | sed -n 's:.*/kafka_2\.13-\(.*\)\.jar$:\1:p' | head -n 1)"
	echo "${v:-unknown}"
}

print_env() { grep -E '^KAFKA_(BROKERS|NODES|VERSION|SECURITY|SASL_[A-Z_]+|TLS_CA_FILE|ACL_PREFIX)=' "$STATE/kafka.env"; }

cmd_up() {
	if running; then
		log "already running (pid $(pid_of), state $STATE)"
		print_env
		return 0
	fi
	if [ -d "$STATE" ]; then
		log "removing stale state $STATE"
		remove_state
	fi
	local cp ports mode
	mode="$(security)"
	check_java
	cp="$(classpath)"
	build_probe
	mkdir -p "$STATE/data"
	touch "$STATE/$MARKER"
	mapfile -t ports < <("$PROBE" ports 2)
	[ "$mode" = plaintext ] || make_secrets
	write_config "${ports[0]}" "${ports[1]}"
	format_storage "$cp"
	{
		if [ "$mode" = sasl_ssl ]; then
			secure_env "${ports[0]}"
		else
			echo "KAFKA_BROKERS=127.0.0.1:${ports[0]}"
		fi
		echo "KAFKA_VERSION=$(broker_version "$(classpath_file)")"
		echo "KAFKA_STATE_DIR=$STATE"
	} >"$STATE/kafka.env"
	launch "$cp"
	if [ "$mode" = sasl_ssl ]; then
		secure_setup "$(sed -n 's/^KAFKA_SASL_SSL_BROKERS=//p' "$STATE/kafka.env")"
	fi
	print_env
}

# launch starts the broker of a formatted state dir and waits until it
# serves (sasl_ssl: to the admin, over PLAIN).
launch() {
	local cp="$1" brokers version
	brokers="$(sed -n 's/^KAFKA_\(SASL_SSL_\)\{0,1\}BROKERS=//p' "$STATE/kafka.env")"
	version="$(sed -n 's/^KAFKA_VERSION=//p' "$STATE/kafka.env")"
	LOGIN=()
	[ "$(security)" = plaintext ] || login "$ADMIN_USER" PLAIN
	start_broker "$cp"
	log "starting Apache Kafka $version (pid $(pid_of)) on $brokers ($(security))"
	wait_ready "$brokers" ${LOGIN[@]+"${LOGIN[@]}"}
	log "Apache Kafka $version serves on $brokers ($(cat "$NODE/probe.out"))"
}

# cmd_start restarts a broker that stop left, on the same ports with the same
# data (for outage tests); without such a state it is up.
cmd_start() {
	if running || [ ! -f "$STATE/kafka.env" ]; then
		cmd_up
		return
	fi
	check_java
	build_probe
	launch "$(classpath)"
	print_env
}

# cmd_stop stops the broker but keeps its state, so start brings it back.
cmd_stop() {
	local pid
	pid="$(pid_of || true)"
	if ours "$pid"; then
		log "stopping Apache Kafka (pid $pid), keeping $STATE"
		stop_pid "$pid"
	else
		log "not running"
	fi
	rm -f "$NODE/kafka.pid"
}

# stop_pid sends SIGTERM, waits for a clean exit, then SIGKILL.
stop_pid() {
	local pid="$1" deadline
	kill -TERM "$pid" 2>/dev/null || return 0
	deadline=$((SECONDS + STOP_TIMEOUT))
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			log "no exit ${STOP_TIMEOUT}s after SIGTERM; sending SIGKILL to $pid"
			kill -KILL "$pid" 2>/dev/null || true
			break
		fi
		sleep 0.1 # poll interval
	done
	while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

cmd_down() {
	local pid
	pid="$(pid_of || true)"
	if ours "$pid"; then
		log "stopping Apache Kafka (pid $pid)"
		stop_pid "$pid"
	elif [ -n "$pid" ]; then
		log "pid $pid is not this broker any more; nothing to stop"
	else
		log "not running"
	fi
	remove_state
}

cmd_status() {
	if running; then
		log "running (pid $(pid_of), state $STATE)"
		print_env
	else
		log "not running"
		return 1
	fi
}

# COUNT is the number of nodes up starts: --brokers N, else
# KAFKA_BROKERS_COUNT, else one.
COUNT="${KAFKA_BROKERS_COUNT:-1}"
VERB="${1:-}"
[ $# -eq 0 ] || shift
if [ "$VERB" = up ] && [ "${1:-}" = --brokers ]; then
	COUNT="${2:?--brokers needs a number}"
	shift 2
fi
[[ "$COUNT" =~ ^[1-9][0-9]*$ ]] || die "the broker count is a positive number, not '$COUNT'"
# A cluster's JVMs get a smaller heap each.
if is_cluster || [ "$COUNT" -gt 1 ]; then
	HEAP="${KAFKA_HEAP:-384m}"
fi

if [ "$VERB" = cluster-id ]; then
	cluster_id
	echo
elif [ "$VERB" = classpath ]; then
	check_java && classpath >/dev/null && log "classpath cached in $TARGET"
elif is_cluster || { [ "$VERB" = up ] && [ "$COUNT" -gt 1 ]; }; then
	# up on a cluster's state dir finds it running, or starts it afresh
	# with its size.
	[ "$COUNT" -gt 1 ] || COUNT="$(nodes)"
	case "$VERB" in
	up) cluster_up "$COUNT" ;;
	down) cluster_down ;;
	stop) cluster_stop "${1:-}" ;;
	start) cluster_start "${1:-}" ;;
	kill) cluster_kill "${1:-}" ;;
	status) cluster_status ;;
	*) VERB=usage ;;
	esac
else
	case "$VERB" in
	up) cmd_up ;;
	down) cmd_down ;;
	stop) cmd_stop ;;
	start) cmd_start ;;
	kill) kill_node ;;
	status) cmd_status ;;
	*) VERB=usage ;;
	esac
fi
if [ "$VERB" = usage ]; then
	echo "usage: $0 up [--brokers N]|down|stop [I]|start [I]|kill [I]|status|classpath|cluster-id" >&2
	exit 2
fi
