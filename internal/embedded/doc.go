// Package embedded starts the in-process backends of the dev default: a
// Kafka-protocol broker (kfake) and a Redis-protocol server (miniredis). The
// tests start the same ones through internal/testenv, so the dev default and
// the tests run on one setup.
//
// It owns the two servers it starts and nothing else.
package embedded
