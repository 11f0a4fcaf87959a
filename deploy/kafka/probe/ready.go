package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"
)

// ready makes one attempt: the brokers must answer ApiVersions, and their
// metadata must name at least one broker and an active controller. A KRaft
// broker accepts connections before it has registered with its controller,
// so a TCP connect alone proves nothing.
func ready(args []string) error {
	fs := flag.NewFlagSet("ready", flag.ContinueOnError)
	brokers := fs.String("brokers", "", "comma-separated HOST:PORT list")
	timeout := fs.Duration("timeout", 2*time.Second, "bound on this attempt")
	var sec security
	sec.register(fs)
	if err := fs.Parse(args); err != nil || *brokers == "" {
		return errUsage
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	cl, err := sec.client(*brokers, kgo.DialTimeout(*timeout), kgo.RequestRetries(0))
	if err != nil {
		return err
	}
	defer cl.Close()
	guess, err := apiVersions(ctx, cl)
	if err != nil {
		return err
	}
	if err := metadata(ctx, cl); err != nil {
		return err
	}
	fmt.Printf("ready: api versions of %s\n", guess)
	return nil
}

func apiVersions(ctx context.Context, cl *kgo.Client) (string, error) {
	resp, err := kmsg.NewPtrApiVersionsRequest().RequestWith(ctx, cl)
	if err != nil {
		return "", fmt.Errorf("api versions: %w", err)
	}
	if e := kerr.ErrorForCode(resp.ErrorCode); e != nil {
		return "", fmt.Errorf("api versions: %w", e)
	}
	return kversion.FromApiVersionsResponse(resp).VersionGuess(), nil
}

func metadata(ctx context.Context, cl *kgo.Client) error {
	resp, err := kmsg.NewPtrMetadataRequest().RequestWith(ctx, cl)
	if err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	if len(resp.Brokers) == 0 {
		return fmt.Errorf("%w: metadata lists no broker", errNotReady)
	}
	if resp.ControllerID < 0 {
		return fmt.Errorf("%w: no active controller", errNotReady)
	}
	return nil
}
