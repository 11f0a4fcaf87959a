// Command txbench measures txstream against this machine's own ceilings.
//
//	txbench run     start "txstream dev" (its on-disk state in a temporary
//	                directory, or in memory with --in-memory; random ports), measure
//	                the ceilings (a no-op fasthttp server answering the same
//	                request shape; the raw produce rate into the same embedded
//	                broker), then txstream itself: closed-loop ingest, an
//	                open-loop run at half the maximum rate, open-loop steps
//	                for the sustained end-to-end rate; writes a markdown and
//	                a JSON report
//	txbench soak    start "txstream serve --role all" with the broker and
//	                Redis outside it, drive a fixed number of transactions
//	                and report the server's RSS along the way
//	txbench load    one closed- or open-loop run against a running
//	                Transaction Service, printed as JSON
//	txbench produce the raw produce rate into any brokers, with txstream's
//	                producer settings, printed as JSON
//	txbench noop    the no-op server of the ceiling (run by "txbench run")
//
// Latency of the open-loop runs is measured from each request's intended
// send time, not from when a connection became free, so that a stalled
// server cannot hide its stall (coordinated omission). End-to-end latency
// is sampled: a subset of the accepted transactions is long-polled
// (GET /transactions/{id}?wait=) and its latency runs from the POST's send
// time to the terminal status change's timestamp, which the processor sets
// on the same machine's clock.
//
// txbench owns its flags, the processes it starts (and stops them by their
// pid) and the reports it writes. It reads txstream only from the outside:
// its HTTP APIs, its /metrics, and /proc of the server process; it uses
// the streams package only to produce into the broker as txstream does.
package main
