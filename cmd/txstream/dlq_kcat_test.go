package main

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestDLQReadableWithKcat reads dead letters and a replay marker with kcat,
// as the README shows: key, value and every header as written.
func TestDLQReadableWithKcat(t *testing.T) {
	kcat := requiredTool(t, "kcat")
	e := newDLQEnv(t, 1)
	standardLetters(t, e)
	if code, out, errOut := e.run(t, "dlq", "replay", "--offset", "0"); code != exitOK {
		t.Fatalf("replay: exit %d\n%s%s", code, out, errOut)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, kcat, "-C", "-q", "-b", strings.Join(e.brokers, ","), "-t", e.deadLetter, "-e",
		"-f", `%p:%o %k %s %h\n`).CombinedOutput()
	if err != nil {
		t.Fatalf("kcat: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 5 {
		t.Fatalf("kcat read %d records, want 4 dead letters and a marker:\n%s", len(lines), out)
	}
	for _, want := range []string{
		`0:0 tx-1 {"id":"tx-1","amount":"100.00"} trace=abc,txstream-dlq-topic=` + e.source + `,txstream-dlq-partition=`,
		"txstream-dlq-reason=wrong_partition,txstream-dlq-error=cannot apply: wrong_partition,txstream-dlq-at=2026-12-07T01:02:03Z",
		"0:2 tx-3 garbage txstream-dlq-topic=transactions-table,",
		"0:4 tx-1  txstream-dlq-replay-of=0,txstream-dlq-replayed-to=" + e.source + "/",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("kcat output lacks %q:\n%s", want, out)
		}
	}
}
