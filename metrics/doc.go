// Package metrics owns txstream's Prometheus instrumentation: the registry
// every process serves on /metrics, and one small type per component that
// turns the component's hook (streams.Observer, edge.Observer,
// edge.StreamObserver, cache.Observer, actors.Observer) or decorator (the
// producer) into metric families, in the manner of franz-go's
// plugin/kprom; for the producer's kgo client, kprom itself
// (NewKafkaClient).
//
// Every constructor takes the registry it registers on; nothing here uses
// prometheus.DefaultRegisterer, so tests and the dev mode (all roles in one
// process) build as many independent registries as they like.
//
// A family whose label values are known in advance exports every series
// at zero from its construction (or, for a processor's group and topics,
// from the processor's build: Streams.GroupOption, Goka.RebalanceOption),
// so that dashboards and rate() see it before its first event.
//
// Label values are bounded: statuses and reasons come from domain's
// vocabulary, routes are templates, currencies that are not ISO 4217 codes
// become "invalid", and unknown values of a closed vocabulary become
// "other", so no client input can grow the number of series.
//
// The package observes; it may not change what it observes: it never
// imports edge's or actors' internals, never calls back into a component,
// and its hooks never block.
package metrics
