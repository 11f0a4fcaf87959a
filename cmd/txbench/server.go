package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/txstream/txstream/internal/launch"
)

// readyWithin bounds a server's start: its addresses, then /readyz.
const readyWithin = 2 * time.Minute

// target is a running txstream process, started by launch on listeners it
// bound itself, and its addresses.
type target struct {
	*launch.Process
	txAddr      string
	metricsAddr string
	kafkaAddr   string // the embedded broker, under dev
	pprofAddr   string // net/http/pprof, in a --profile build
}

func (t *target) metricsURL() string { return "http://" + t.metricsAddr + "/metrics" }

func (t *target) pid() string { return strconv.Itoa(t.Pid()) }

// stop sends SIGTERM, waits up to timeout, then kills.
func (t *target) stop(timeout time.Duration) error {
	_, err := t.Stop(syscall.SIGTERM, timeout)
	return err
}

// startDev starts "txstream dev" on ports it picks itself, with its state
// in dataDir ("" keeps it in memory), with extra flags and environment.
func startDev(ctx context.Context, bin, dataDir string, partitions int, pprof bool, extra, env []string) (*target, error) {
	args := []string{"dev", "--data-dir", dataDir, "--partitions", strconv.Itoa(partitions), "--log-level", "warn"}
	return startTarget(ctx, launch.Options{Binary: bin, Args: append(args, extra...), Env: slices.Clone(env)}, pprof)
}

// startTarget starts opts and waits until the process is ready; with
// pprof, a --profile build reports where it serves net/http/pprof.
func startTarget(ctx context.Context, opts launch.Options, pprof bool) (*target, error) {
	var pprofFile string
	if pprof {
		dir, err := os.MkdirTemp("", "txbench-pprof-")
		if err != nil {
			return nil, err
		}
		defer func() { _ = os.RemoveAll(dir) }()
		pprofFile = filepath.Join(dir, "addr")
		opts.Env = append(opts.Env, pprofEnv+"="+pprofFile)
	}
	ctx, cancel := context.WithTimeout(ctx, readyWithin)
	defer cancel()
	p, err := launch.Start(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNotReady, err)
	}
	a := p.Addresses()
	t := &target{Process: p, txAddr: a[launch.Transaction], metricsAddr: a[launch.Metrics], kafkaAddr: a[launch.Kafka]}
	if err := t.ready(ctx, pprofFile); err != nil {
		return nil, errors.Join(err, t.stop(10*time.Second))
	}
	return t, nil
}

// ready waits for /readyz and reads the pprof address, if asked.
func (t *target) ready(ctx context.Context, pprofFile string) error {
	if err := t.WaitReady(ctx); err != nil {
		return fmt.Errorf("%w: %w", errNotReady, err)
	}
	if pprofFile == "" {
		return nil
	}
	addr, err := os.ReadFile(pprofFile)
	if err != nil {
		return fmt.Errorf("pprof address: %w", err)
	}
	t.pprofAddr = strings.TrimSpace(string(addr))
	return nil
}
