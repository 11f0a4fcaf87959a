package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// produceCommand is "txbench produce": the raw produce ceiling against any
// brokers, with txstream's producer settings, printed as JSON.
func produceCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("txbench produce", flag.ContinueOnError)
	brokers := fs.String("brokers", "127.0.0.1:9092", "Kafka brokers, comma-separated")
	depth := fs.Int("depth", 1024, "records in flight")
	dur := fs.Duration("duration", 5*time.Second, "measured run")
	partitions := fs.Int("partitions", 10, "partitions of the topic "+produceTopic+" if it is created")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if *depth < 1 || *dur <= 0 || *partitions < 1 {
		return fmt.Errorf("%w: --depth, --duration and --partitions must be positive", errUsage)
	}
	p, err := newProducer(strings.Split(*brokers, ","), *partitions)
	if err != nil {
		return err
	}
	defer func() { _ = p.close() }()
	r := p.run(ctx, *depth, *dur)
	out, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", out)
	return ctx.Err()
}
