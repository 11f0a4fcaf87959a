# cluster.sh: sourced by kafka.sh. A cluster of N KRaft nodes on loopback,
# each a broker and a controller in one JVM: a quorum of N controllers, as
# production runs it, so that any one node may die. Node I keeps its config,
# data, log and pid in STATE/node-I; KAFKA_BROKERS lists the nodes in order,
# node I (node.id I) at position I. Topics get min(N, 3) replicas, two of
# them in sync for a write when there are three (replication_config).
#
# Plaintext only: the secure broker (secure.sh) is one node.
# shellcheck shell=bash

# nodes is the cluster's size, empty for a state dir of one broker.
nodes() { sed -n 's/^KAFKA_NODES=//p' "$STATE/kafka.env" 2>/dev/null || true; }

is_cluster() { [ -n "$(nodes)" ]; }

# at_node makes node I the node at hand, after checking I.
at_node() {
	local i="$1" n
	n="$(nodes)"
	if ! [[ "$i" =~ ^[0-9]+$ ]] || [ "$i" -lt 1 ] || [ "$i" -gt "$n" ]; then
		die "node '$i' is not one of 1..$n"
	fi
	NODE="$STATE/node-$i"
}

# node_address is node I's client address, from KAFKA_BROKERS.
node_address() {
	sed -n 's/^KAFKA_BROKERS=//p' "$STATE/kafka.env" | cut -d, -f"$1"
}

# each_node runs a command once per node, with that node at hand.
each_node() {
	local i
	for ((i = 1; i <= $(nodes); i++)); do
		at_node "$i"
		"$@" "$i"
	done
}

cluster_up() {
	local n="$1"
	if is_cluster; then
		if [ -z "$(stopped_nodes)" ]; then
			log "already running ($(nodes) nodes, state $STATE)"
			print_env
			return 0
		fi
		log "removing the stale cluster in $STATE"
		cluster_down
	elif running; then
		die "one broker runs in $STATE: kafka.sh down first"
	elif [ -d "$STATE" ]; then
		log "removing stale state $STATE"
		remove_state
	fi
	[ "$(security)" = plaintext ] || die "a cluster (--brokers $n) speaks plaintext only"
	check_java
	local cp
	cp="$(classpath)"
	build_probe
	mkdir -p "$STATE"
	touch "$STATE/$MARKER"
	configure_cluster "$n" "$cp"
	each_node start_node "$cp"
	each_node await_node
	print_env
}

# configure_cluster writes and formats every node's config, one cluster
# id for all, and the cluster's kafka.env.
configure_cluster() {
	local n="$1" cp="$2" id i voters="" brokers="" ports
	mapfile -t ports < <("$PROBE" ports $((2 * n)))
	for ((i = 1; i <= n; i++)); do
		voters="${voters:+$voters,}$i@127.0.0.1:${ports[n + i - 1]}"
		brokers="${brokers:+$brokers,}127.0.0.1:${ports[i - 1]}"
	done
	id="$(cluster_id)"
	for ((i = 1; i <= n; i++)); do
		NODE="$STATE/node-$i"
		mkdir -p "$NODE/data"
		write_config "${ports[i - 1]}" "${ports[n + i - 1]}" "$i" "$voters" "$((n < 3 ? n : 3))"
		format_storage "$cp" "$id"
	done
	{
		echo "KAFKA_BROKERS=$brokers"
		echo "KAFKA_VERSION=$(broker_version "$(classpath_file)")"
		echo "KAFKA_STATE_DIR=$STATE"
		echo "KAFKA_NODES=$n"
	} >"$STATE/kafka.env"
}

# start_node starts the node at hand (I) unless it runs. The nodes of a
# fresh cluster start together: none serves before a quorum of
# controllers has elected a leader.
start_node() {
	local cp="$1" i="$2"
	running && return 0
	start_broker "$cp"
	log "starting node $i (pid $(pid_of)) on $(node_address "$i")"
}

# await_node waits until the node at hand (I) serves.
await_node() {
	local i="$1"
	wait_ready "$(node_address "$i")"
	log "node $i serves on $(node_address "$i") ($(cat "$NODE/probe.out"))"
}

# stopped_nodes lists the nodes that do not run.
stopped_nodes() {
	local i out=()
	for ((i = 1; i <= $(nodes); i++)); do
		NODE="$STATE/node-$i"
		running || out+=("$i")
	done
	NODE="$STATE"
	echo "${out[*]}"
}

# cluster_start starts node I, or every stopped node, on the same ports
# with the same data, and waits until it serves.
cluster_start() {
	local cp
	check_java
	build_probe
	cp="$(classpath)"
	if [ -n "${1:-}" ]; then
		at_node "$1"
		start_node "$cp" "$1"
		await_node "$1"
	else
		each_node start_node "$cp"
		each_node await_node
	fi
	print_env
}

# cluster_stop stops node I (SIGTERM: a controlled shutdown that moves its
# leaderships away first), or every node, keeping the state.
cluster_stop() {
	if [ -n "${1:-}" ]; then
		at_node "$1"
		cmd_stop
	else
		signal_all
	fi
}

# cluster_kill sends SIGKILL to node I: no controlled shutdown, as a crash.
cluster_kill() {
	at_node "${1:?kafka.sh kill needs a node number}"
	kill_node "$1"
}

# kill_node kills the node at hand with SIGKILL and waits until it is gone.
kill_node() {
	local pid
	pid="$(pid_of || true)"
	if ours "$pid"; then
		log "kill -9 ${1:+node $1 }(pid $pid)"
		kill -KILL "$pid"
		while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done # poll interval
	else
		log "${1:+node $1 }not running"
	fi
	rm -f "$NODE/kafka.pid"
}

# signal_all sends SIGTERM to every running node at once and waits for
# them: one after the other, the last nodes would wait for a quorum that
# has already gone.
signal_all() {
	local i pids=() pid
	for ((i = 1; i <= $(nodes); i++)); do
		NODE="$STATE/node-$i"
		pid="$(pid_of || true)"
		if ours "$pid"; then
			kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
		fi
		rm -f "$NODE/kafka.pid"
	done
	log "stopping ${#pids[@]} node(s)${pids[*]:+ (pids ${pids[*]})}"
	for pid in ${pids[@]+"${pids[@]}"}; do
		stop_pid "$pid"
	done
}

cluster_down() {
	signal_all
	NODE="$STATE"
	remove_state
}

cluster_status() {
	local stopped
	stopped="$(stopped_nodes)"
	if [ -z "$stopped" ]; then
		log "running ($(nodes) nodes, state $STATE)"
		print_env
		return 0
	fi
	log "stopped: node(s) $stopped of $(nodes)"
	print_env
	return 1
}
