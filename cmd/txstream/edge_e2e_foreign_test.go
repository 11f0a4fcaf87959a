package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestForeignProducerLibrdkafka writes transaction requests with
// librdkafka (python3-confluent-kafka), the standard third-party client:
// with Kafka's standard partitioner (murmur2_random) the request is
// processed and readable like the edge's own; the same id written to a
// wrong explicit partition, with another body, changes nothing and is
// dead-lettered, and kcat reads the dead letter with its headers. Before
// txstream used murmur2, such a record overwrote the completed transaction.
func TestForeignProducerLibrdkafka(t *testing.T) {
	skipShort(t)
	python := librdkafkaPython(t)
	kcat := requiredTool(t, "kcat")
	s := startStack(t)
	n := int32(s.app.Streams().Partitions)
	id := testenv.Name(t, "librdkafka")
	body := fmt.Sprintf(`{"id":%q,"amount":"100.00","currency":"EUR","target_currency":"USD"}`, id)

	part := produceWithLibrdkafka(t, python, s.brokers, s.topics.Transactions, id, body, -1)
	if want := streams.PartitionOf([]byte(id), n); part != want {
		t.Fatalf("librdkafka's murmur2_random put %s on partition %d, txstream expects %d", id, part, want)
	}
	done := s.terminal(t, id)
	if done.Status != domain.StatusCompleted || done.Amount != "100.00" || done.TargetCurrency != "USD" || done.Conversion == nil {
		t.Fatalf("the librdkafka request ended as %+v, want a completed EUR->USD conversion", done)
	}

	wrong := (part + 1) % n
	other := fmt.Sprintf(`{"id":%q,"amount":"5.00","currency":"EUR"}`, id)
	produceWithLibrdkafka(t, python, s.brokers, s.topics.Transactions, id, other, wrong)
	letter := awaitDeadLetter(t, kcat, s.brokers, s.topics.DeadLetter, id)
	wantHeaders := map[string]string{
		streams.HeaderDLQTopic:     s.topics.Transactions,
		streams.HeaderDLQPartition: strconv.Itoa(int(wrong)),
		streams.HeaderDLQReason:    streams.ReasonWrongPartition,
		streams.HeaderDLQGroup:     s.app.Streams().Groups.Transactions,
	}
	for name, want := range wantHeaders {
		if got := letter.headers[name]; got != want {
			t.Errorf("dead letter header %s = %q, want %q (all: %v)", name, got, want, letter.headers)
		}
	}
	if letter.value != other {
		t.Errorf("dead letter value %q, want the record as written, %q", letter.value, other)
	}

	// The dead letter is emitted in the callback that would have written
	// the table, so the table is final once it is visible.
	if _, now := s.transaction(t, id, ""); !reflect.DeepEqual(now, done) {
		t.Errorf("GET after the misplaced record:\n%+v\nwas\n%+v", now, done)
	}
	if inTable, err := s.app.Tables().Transaction(id); err != nil || inTable == nil || inTable.Version != done.Version || inTable.Amount != "100.00" {
		t.Errorf("table after the misplaced record: %+v (%v), want version %d of 100.00 EUR", inTable, err, done.Version)
	}
}

// librdkafkaPython is a python3 that imports confluent_kafka. The test
// skips without one, except under CI, which installs it.
func librdkafkaPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import confluent_kafka").Run() == nil {
			return py
		}
	}
	missing(t, "python3 with confluent_kafka (Debian: python3-confluent-kafka)")
	return ""
}

func requiredTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		missing(t, name)
	}
	return path
}

// missing skips a test whose third-party tool is not installed, and fails
// it under CI, where .ci/run installs every one.
func missing(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed; .ci/run installs it", what)
	}
	t.Skipf("%s is not installed", what)
}

// produceWithLibrdkafka writes one record and returns its partition;
// partition < 0 leaves the choice to the partitioner.
func produceWithLibrdkafka(t *testing.T, python string, brokers []string, topic, key, value string, partition int32) int32 {
	t.Helper()
	args := []string{filepath.Join("testdata", "librdkafka_produce.py"), strings.Join(brokers, ","), topic, key, value}
	if partition >= 0 {
		args = append(args, strconv.Itoa(int(partition)))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, python, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("librdkafka produce: %v: %s", err, stderr.String())
	}
	p, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("librdkafka produce printed %q: %v", out, err)
	}
	return int32(p)
}

type kcatLetter struct {
	value   string
	headers map[string]string
}

// awaitDeadLetter reads the dead-letter topic with kcat until a dead letter
// of key is there.
func awaitDeadLetter(t *testing.T, kcat string, brokers []string, topic, key string) kcatLetter {
	t.Helper()
	var found *kcatLetter
	testenv.Eventually(t, 30*time.Second, func() bool {
		found = readDeadLetter(t, kcat, brokers, topic, key)
		return found != nil
	}, "a dead letter of %s on %s", key, topic)
	return *found
}

// readDeadLetter runs kcat once over the whole topic. Fields are separated
// by a byte that JSON values and header names do not hold.
func readDeadLetter(t *testing.T, kcat string, brokers []string, topic, key string) *kcatLetter {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, kcat, "-b", strings.Join(brokers, ","), "-C", "-t", topic,
		"-o", "beginning", "-e", "-q", "-f", "%k\x1f%s\x1f%h\x1e").Output()
	if err != nil {
		return nil // the topic may not exist yet
	}
	for _, rec := range strings.Split(string(out), "\x1e") {
		fields := strings.Split(rec, "\x1f")
		if len(fields) != 3 || fields[0] != key {
			continue
		}
		headers := map[string]string{}
		for _, h := range strings.Split(fields[2], ",") {
			if name, value, ok := strings.Cut(h, "="); ok {
				headers[name] = value
			}
		}
		return &kcatLetter{value: fields[1], headers: headers}
	}
	return nil
}
