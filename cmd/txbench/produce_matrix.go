package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"
)

// produceMatrix runs every client at every depth, rounds times, the
// clients' order alternating between rounds so that a neighbour's load on
// the shared machine weighs on both alike.
type produceMatrix struct {
	clients    []string
	depths     []int
	rounds     int
	dur        time.Duration
	warmup     time.Duration
	partitions int
	brokers    []string
	brokerPID  string
	embedded   bool
	log        io.Writer
}

// produceReport is every run and the medians per client and depth.
type produceReport struct {
	Runs    []produceResult `json:"runs"`
	Medians []produceMedian `json:"medians"`
}

// produceMedian is the median of a client's runs at one depth.
type produceMedian struct {
	Client    string  `json:"client"`
	Depth     int     `json:"depth"`
	Runs      int     `json:"runs"`
	Rate      float64 `json:"acked_per_sec"`
	AckP50    float64 `json:"ack_p50_ms"`
	AckP99    float64 `json:"ack_p99_ms"`
	HarnessUS float64 `json:"harness_cpu_us_per_record"`
	ServerUS  float64 `json:"server_cpu_us_per_record"`
}

func (m produceMatrix) run(ctx context.Context) (produceReport, error) {
	var rep produceReport
	for round := range m.rounds {
		for _, depth := range m.depths {
			for i := range m.clients {
				name := m.clients[(i+round)%len(m.clients)]
				r, err := m.once(ctx, name, depth)
				if err != nil {
					return rep, fmt.Errorf("round %d, %s at depth %d: %w", round+1, name, depth, err)
				}
				fmt.Fprintf(m.log, "round %d %-6s depth %4d: %8.0f records/s, ack p50 %6.2f ms p99 %6.2f ms, CPU per record: client %5.1f µs, broker %5.1f µs\n",
					round+1, name, depth, r.Rate, r.AckP50, r.AckP99, r.HarnessUS, r.ServerUS)
				rep.Runs = append(rep.Runs, r)
			}
		}
	}
	rep.Medians = medians(rep.Runs)
	return rep, nil
}

// once measures one client at one depth after a warm-up, against a fresh
// embedded broker or the given brokers.
func (m produceMatrix) once(ctx context.Context, name string, depth int) (r produceResult, err error) {
	brokers, pid := m.brokers, m.brokerPID
	if m.embedded {
		b, err := startBroker(ctx, m.partitions)
		if err != nil {
			return r, err
		}
		defer func() { err = errors.Join(err, b.stop()) }()
		brokers, pid = b.brokers, b.pid()
	}
	p, err := newProducerOf(name, brokers, m.partitions)
	if err != nil {
		return r, err
	}
	defer func() { err = errors.Join(err, p.close()) }()
	if m.warmup > 0 {
		p.run(ctx, depth, m.warmup)
	}
	srv, self := sampleOrZero(pid), sampleOrZero("self")
	r = p.run(ctx, depth, m.dur)
	if pid != "" {
		r.ServerCPU = cores(srv, sampleOrZero(pid))
	}
	r.HarnessCPU = cores(self, sampleOrZero("self"))
	r.perRecord()
	return r, ctx.Err()
}

func sampleOrZero(pid string) procSample {
	if pid == "" {
		return procSample{At: time.Now()}
	}
	s, err := readProc(pid)
	if err != nil {
		return procSample{At: time.Now()}
	}
	return s
}

// medians groups runs by client and depth, in the order first seen.
func medians(runs []produceResult) []produceMedian {
	type key struct {
		client string
		depth  int
	}
	var order []key
	groups := map[key][]produceResult{}
	for _, r := range runs {
		k := key{r.Client, r.Depth}
		if _, seen := groups[k]; !seen {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r)
	}
	out := make([]produceMedian, 0, len(order))
	for _, k := range order {
		g := groups[k]
		out = append(out, produceMedian{Client: k.client, Depth: k.depth, Runs: len(g),
			Rate:      median(g, func(r produceResult) float64 { return r.Rate }),
			AckP50:    median(g, func(r produceResult) float64 { return r.AckP50 }),
			AckP99:    median(g, func(r produceResult) float64 { return r.AckP99 }),
			HarnessUS: median(g, func(r produceResult) float64 { return r.HarnessUS }),
			ServerUS:  median(g, func(r produceResult) float64 { return r.ServerUS }),
		})
	}
	slices.SortStableFunc(out, func(a, b produceMedian) int { return a.Depth - b.Depth })
	return out
}

// median of one figure over runs; the mean of the middle two for an even
// count.
func median(runs []produceResult, figure func(produceResult) float64) float64 {
	v := make([]float64, len(runs))
	for i, r := range runs {
		v[i] = figure(r)
	}
	slices.Sort(v)
	n := len(v)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// markdown writes the medians as a table.
func (rep produceReport) markdown(w io.Writer) {
	fmt.Fprintln(w, "| client | in flight | runs | records/s | ack p50, ms | ack p99, ms | client CPU µs/record | broker CPU µs/record |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, m := range rep.Medians {
		fmt.Fprintf(w, "| %s | %d | %d | %.0f | %.2f | %.2f | %.1f | %.1f |\n",
			m.Client, m.Depth, m.Runs, m.Rate, m.AckP50, m.AckP99, m.HarnessUS, m.ServerUS)
	}
}
