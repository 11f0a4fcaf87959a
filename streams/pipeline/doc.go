// Package pipeline composes the four stream processors (rates,
// conversions, transactions, status-log) into the one component that the
// "processor" role runs. Every processor is a goka consumer-group member:
// starting the pipeline in another process takes over a share of the
// partitions, which is how txstream scales.
//
// It owns the processors' lifetimes and nothing else; it may not import
// edge, actors or metrics.
package pipeline
