// Package domain holds the vocabulary that the edge and the stream
// processors share: transaction statuses and failure reasons, exact money
// (amounts, ISO 4217 currencies, exchange rates, half-even conversion), the
// request fingerprint that makes a transaction id an idempotency key, and the
// event and record types that travel on Kafka as JSON.
//
// It owns no state and starts no goroutine. It may not import edge, actors,
// streams or metrics: those import it, so that edge and streams never need
// to import each other.
package domain
