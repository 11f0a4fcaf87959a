// Package embedded starts the in-process backends of the dev default: a
// Kafka-protocol broker (kfake) and a Redis-protocol server (miniredis). The
// tests start the same ones through internal/testenv, so the dev default and
// the tests run on one setup.
//
// With a data directory the broker's acknowledgements are durable: each
// response that acknowledges a write waits for a group commit (one
// syncfs(2) of the data directory's file system for every acknowledgement
// waiting at that moment) before it leaves the broker; see durable.go.
//
// The Redis accepts its connections itself and hands each to miniredis
// wrapped so that the replies to a pipeline of commands leave in one write
// rather than one write(2) per reply (replyconn.go).
//
// It owns the two servers it starts, the broker's group commit and the
// Redis's connections, and nothing else.
package embedded
