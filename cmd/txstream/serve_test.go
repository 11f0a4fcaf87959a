package main

import (
	"context"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/testenv"
)

// serveFlags are the settings every serve process of one test shares:
// the backends, and topic and group names of its own, so that tests on a
// shared broker (KAFKA_BROKERS) never meet.
func serveFlags(t *testing.T) []string {
	flags := []string{
		"--brokers", strings.Join(testenv.Kafka(t), ","),
		"--redis", testenv.Redis(t),
		"--allow-anonymous",
	}
	for _, name := range []string{
		"topic-transactions", "topic-conversions", "topic-conversion-results", "topic-rates",
		"group-transactions", "group-conversions", "group-status-log", "group-rates",
		"topic-webhooks", "topic-webhook-deliveries", "group-webhooks", "group-webhook-deliveries",
	} {
		flags = append(flags, "--"+name, testenv.Name(t, name))
	}
	return append(flags, fastGroupFlags...)
}

// TestServeSplitRoles runs the roles in separate processes, as in
// production: one process with the three services, processor members
// beside it. A second processor member takes over when the first stops,
// which is how txstream scales and survives a member's restart.
func TestServeSplitRoles(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the binary; skipped with -short")
	}
	common := serveFlags(t)
	serve := func(roles string) *launch.Process {
		return startProcess(t, append([]string{"serve", "--role", roles}, common...))
	}

	first := serve("processor")
	front := serve("transaction,converter,manager")
	ports := front.Addresses()

	rate := map[string]string{"rate": "1.25", "date": "2024-07-01"}
	if code, err := call(context.Background(), http.MethodPut, ports.URL(launch.Converter, "/rates/USD"), rate, nil); err != nil || code >= 300 {
		t.Fatalf("PUT /rates/USD: %d %v", code, err)
	}
	postAndComplete(t, ports, "split-1", "100.00", "125.00")

	second := serve("processor")
	if code := testenv.Stop(t, first, syscall.SIGTERM, 40*time.Second); code != 0 {
		t.Fatalf("first processor member exit code: %d", code)
	}
	checkFirstAndLastLines(t, first.Output(), "serve")
	postAndComplete(t, ports, "split-2", "2.00", "2.50")

	for name, p := range map[string]*launch.Process{"front": front, "second processor": second} {
		if code := testenv.Stop(t, p, syscall.SIGTERM, 40*time.Second); code != 0 {
			t.Errorf("%s exit code: %d", name, code)
		}
	}
}

// postAndComplete posts a EUR transaction to be paid in USD and waits for
// it to complete with the expected converted value.
func postAndComplete(t *testing.T, ports launch.Addresses, id, amount, want string) {
	t.Helper()
	body := map[string]string{"id": id, "amount": amount, "currency": "EUR", "target_currency": "USD"}
	if code, err := call(context.Background(), http.MethodPost, ports.URL(launch.Transaction, "/transactions"), body, nil); err != nil || code != http.StatusCreated {
		t.Fatalf("POST %s: %d %v", id, code, err)
	}
	var got txAnswer
	testenv.Eventually(t, 60*time.Second, func() bool {
		code, err := call(context.Background(), http.MethodGet, ports.URL(launch.Transaction, "/transactions/"+id+"?wait=5s"), nil, &got)
		return err == nil && code == http.StatusOK && got.Transaction.Status == "completed"
	}, "transaction %s completed", id)
	if got.Transaction.Conversion == nil || value(got.Transaction.Conversion.ConvertedValue) != want {
		t.Fatalf("%s: conversion %+v, want %s USD", id, got.Transaction.Conversion, want)
	}
}

// TestServeRefusesMismatchedTopics: an existing topic with another
// partition count stops serve with a message naming the topic.
func TestServeRefusesMismatchedTopics(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := buildBinary(t)
	common := serveFlags(t)
	first := startProcess(t, append([]string{"serve", "--role", "manager"}, common...))
	if code := testenv.Stop(t, first, syscall.SIGTERM, 40*time.Second); code != 0 {
		t.Fatalf("exit code: %d", code)
	}
	args := append([]string{"serve", "--role", "manager", "--manager-addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"}, common...)
	cmd := exec.Command(bin, append(args, "--partitions", "6")...)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	_ = cmd.Run()
	line := strings.TrimSuffix(stderr.String(), "\n")
	line = line[strings.LastIndex(line, "\n")+1:]
	if code := cmd.ProcessState.ExitCode(); code != exitFailure || !strings.Contains(line, "partitions") || !strings.Contains(line, "configured 6") {
		t.Fatalf("exit %d, last line %q: want exit 1 naming the topic's partitions", code, line)
	}
}
