package app

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/txstream/txstream/internal/testenv"
)

// TestProvisionWarnsOfAnUnderReplicatedTopic: a start that finds one of
// its topics with one replica, where three are configured, goes on and
// logs a warning naming the topic, the setting, what it found and what it
// wanted.
func TestProvisionWarnsOfAnUnderReplicatedTopic(t *testing.T) {
	sc := testenv.NamedStreamsConfig(t, testenv.ReplicatedKafka(t), 3)
	sc.Replication = 3
	if _, err := testenv.Admin(t, sc).CreateTopic(t.Context(), 3, 1, nil, sc.Topics.ConversionResults); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	if _, err := provision(t.Context(), sc, slog.New(slog.NewTextHandler(&logs, nil)), DefaultProvisionTimeout); err != nil {
		t.Fatalf("provision refused an under-replicated topic: %v", err)
	}
	want := `level=WARN msg="topic replication differs from the configured one" topic=` + sc.Topics.ConversionResults +
		` setting="replication factor" found=1 wanted=3`
	if !strings.Contains(logs.String(), want) {
		t.Errorf("no line %q in:\n%s", want, logs.String())
	}
}
