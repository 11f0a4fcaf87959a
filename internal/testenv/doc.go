// Package testenv starts the backends that tests need, in one place for
// every test: Kafka (KAFKA_BROKERS when set, else the embedded broker) and
// Redis (REDIS_ADDR when set, else redis-server from the PATH, else the
// embedded server). It also holds the polling helper that replaces sleeps.
//
// Only tests import it.
package testenv
