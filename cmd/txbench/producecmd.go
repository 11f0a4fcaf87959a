package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// produceCommand is "txbench produce": the raw produce rate against any
// brokers, with txstream's producer settings, for one or both clients at
// one or more depths, printed as JSON (and the medians as markdown on
// stderr).
func produceCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("txbench produce", flag.ContinueOnError)
	m := produceMatrix{}
	brokers := fs.String("brokers", "127.0.0.1:9092", "Kafka brokers, comma-separated")
	clients := fs.String("client", clientKgo, "clients to compare, comma-separated: "+clientSarama+", "+clientKgo+", "+clientASAP)
	depths := fs.String("depth", "1024", "records in flight, comma-separated for several runs")
	fs.IntVar(&m.rounds, "rounds", 1, "rounds; each runs every client at every depth, the clients' order alternating")
	fs.DurationVar(&m.dur, "duration", 5*time.Second, "measured run")
	fs.DurationVar(&m.warmup, "warmup", time.Second, "unmeasured run before each measured one")
	fs.IntVar(&m.partitions, "partitions", 10, "partitions of the topic "+produceTopic+" if it is created")
	fs.BoolVar(&m.embedded, "embedded", false, "start an embedded kfake broker in a process of its own for every run (ignores --brokers)")
	fs.StringVar(&m.brokerPID, "broker-pid", "", "pid of the broker process whose CPU to report (with --brokers)")
	serve := fs.Bool("serve-broker", false, "be the embedded broker: print KAFKA_BROKERS=addr and serve until stopped")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if *serve {
		return serveBroker(ctx, m.partitions, stdout)
	}
	var err error
	if m.depths, err = positiveInts("--depth", *depths); err != nil {
		return err
	}
	if m.rounds < 1 || m.dur <= 0 || m.warmup < 0 || m.partitions < 1 {
		return fmt.Errorf("%w: --rounds, --duration and --partitions must be positive", errUsage)
	}
	if m.clients, err = clientNames(*clients); err != nil {
		return err
	}
	m.brokers = strings.Split(*brokers, ",")
	m.log = stderr
	rep, err := m.run(ctx)
	if err != nil {
		return err
	}
	out, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", out)
	rep.markdown(stderr)
	return ctx.Err()
}

func positiveInts(flag, list string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%w: %s: %q is not a positive number", errUsage, flag, f)
		}
		out = append(out, n)
	}
	return out, nil
}

func clientNames(list string) ([]string, error) {
	var out []string
	for f := range strings.SplitSeq(list, ",") {
		switch f = strings.TrimSpace(f); f {
		case clientSarama, clientKgo, clientASAP:
			out = append(out, f)
		default:
			return nil, fmt.Errorf("%w: --client: %q, want %s, %s or %s", errUsage, f, clientSarama, clientKgo, clientASAP)
		}
	}
	return out, nil
}
