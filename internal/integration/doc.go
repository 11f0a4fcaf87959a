// Package integration holds the scale-out, crash and outage tests of
// txstream on a real Apache Kafka broker and a real redis-server, with
// several `txstream serve` processes built from cmd/txstream: members join
// and leave the consumer groups, one is killed with SIGKILL, the broker and
// redis-server are stopped under load. The kill rounds kill `txstream dev`,
// and `serve --role all`, three times under load on one data directory. The
// tests measure how long the groups take to settle and check that every
// transaction answered 201 reaches exactly one terminal state, once, and
// after the kill rounds that the table, the status log, the plain GET and
// the Redis cache agree on it.
//
// The tests run only when TXSTREAM_INTEGRATION=1 and KAFKA_BROKERS are set
// (deploy/kafka/test-integration.sh sets both); otherwise they skip at
// once, so `make test` stays fast. Only the unit tests of the checks
// themselves (TestRepeated, TestJudge, TestSpread,
// TestLongestRefusal) always run. The broker outage test also needs
// TXSTREAM_KAFKA_STATE_DIR, the state directory of the kafka.sh broker it
// may stop and start; without it that test skips. See docs/INTEGRATION.md.
//
// TestReplicatedCluster runs on a kafka.sh cluster of three nodes instead
// (make test-cluster): it kills the node that leads most transaction
// partitions and restarts every node in turn under load. It runs only when
// TXSTREAM_CLUSTER=1, KAFKA_BROKERS, KAFKA_NODES (3 or more) and
// TXSTREAM_KAFKA_STATE_DIR are set.
//
// The package owns only tests. It touches no other package's state: the
// processes it starts get topic and group names of their own, and it stops
// only the broker and the redis-server it was told it may stop.
package integration
