package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/txstream/txstream/internal/embedded"
)

const brokersPrefix = "KAFKA_BROKERS="

// serveBroker is the child side of --embedded: one kfake broker, its
// address on stdout, until ctx ends (SIGTERM from the parent).
func serveBroker(ctx context.Context, partitions int, stdout io.Writer) error {
	k, err := embedded.StartKafka(embedded.KafkaConfig{Partitions: partitions})
	if err != nil {
		return err
	}
	defer k.Close()
	fmt.Fprintf(stdout, "%s%s\n", brokersPrefix, strings.Join(k.Brokers, ","))
	<-ctx.Done()
	return nil
}

// brokerProcess is an embedded broker in a process of its own, so that
// its CPU is told apart from the producing client's.
type brokerProcess struct {
	cmd     *exec.Cmd
	brokers []string
}

// startBroker runs this binary as "produce --serve-broker".
func startBroker(ctx context.Context, partitions int) (*brokerProcess, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "produce", "--serve-broker", "--partitions", strconv.Itoa(partitions))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("embedded broker: %w", err)
	}
	b := &brokerProcess{cmd: cmd}
	line, err := bufio.NewReader(out).ReadString('\n')
	addrs, ok := strings.CutPrefix(strings.TrimSpace(line), brokersPrefix)
	if err != nil || !ok {
		return nil, errors.Join(fmt.Errorf("%w: embedded broker said %q: %v", errNotReady, line, err), b.stop())
	}
	b.brokers = strings.Split(addrs, ",")
	return b, nil
}

func (b *brokerProcess) pid() string { return strconv.Itoa(b.cmd.Process.Pid) }

// stop ends the child with SIGTERM, SIGKILL after five seconds.
func (b *brokerProcess) stop() error {
	_ = b.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- b.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		_ = b.cmd.Process.Kill()
		return <-done
	}
}
