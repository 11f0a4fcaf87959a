// Package testenv starts the backends that tests need, in one place for
// every test: Kafka (KAFKA_BROKERS when set, else the embedded broker) and
// Redis (REDIS_ADDR when set, else redis-server from the PATH, else the
// embedded server). It also holds the polling helper that replaces sleeps
// (Eventually, over internal/poll), the txstream binary of the test run
// (Txstream) and the launcher's test side (Launch, Restart, Stop, over
// internal/launch), Run for a component's Run in a test, and what the
// processors' tests and benchmarks share: a processor on goka's tester (OnTester), a fake
// goka.Context over the graph's codecs (GokaContext), a counting
// streams.Observer and the CPU-per-op measure (Measure). On a broker it
// creates topics, reads one to its end offsets (ReadToEnd) and writes dead
// letters in the processors' format (DeadLetterTopic). For the security
// tests it issues a throwaway CA and loopback certificates (NewPKI) and
// starts an embedded broker with TLS, a required SASL login and ACLs
// (NewSASLKafka). For the event streams it has a server-sent events
// client over net/http (OpenSSE) and a reader of a whole stream's bytes
// (ReadSSE).
//
// Only tests import it.
package testenv
