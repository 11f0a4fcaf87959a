// Package kafka_test checks deploy/kafka's scripts where a check needs no
// broker.
package kafka_test

import (
	"encoding/base64"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// kafka-storage format reads an argument that starts with "-" as an option
// and fails with "argument --cluster-id/-t: expected one argument", so a
// cluster id must never start with one: Kafka's own Uuid.randomUuid draws
// again in that case. A base64url id starts with "-" once in 64 draws; CI
// met it in make test-integration-secure.
func TestClusterIDsAreValidForKafkaStorage(t *testing.T) {
	const draws = 600 // a leading "-" shows in all but 1 in 10,000 runs
	script := `for _ in $(seq ` + strconv.Itoa(draws) + `); do ./kafka.sh cluster-id || exit 1; done`
	cmd := exec.Command("bash", "-c", script)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kafka.sh cluster-id: %v", err)
	}
	ids := strings.Fields(string(out))
	if len(ids) != draws {
		t.Fatalf("got %d ids, want %d", len(ids), draws)
	}
	seen := make(map[string]bool, draws)
	for _, id := range ids {
		raw, err := base64.RawURLEncoding.DecodeString(id)
		if err != nil || len(raw) != 16 {
			t.Fatalf("id %q is not 16 bytes of unpadded base64url (%v)", id, err)
		}
		if strings.HasPrefix(id, "-") {
			t.Fatalf("id %q starts with '-': kafka-storage format would read it as an option", id)
		}
		if seen[id] {
			t.Fatalf("id %q drawn twice", id)
		}
		seen[id] = true
	}
}
