package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/txstream/txstream/streams"
)

// streamsConfig fixes the streams configuration once the brokers are
// known. Table state goes under data-dir/tables.
func streamsConfig(mode Mode, c Config, embeddedKafka bool) streams.Config {
	sc := c.Streams()
	if c.DataDir != "" {
		sc.StorageDir = filepath.Join(c.DataDir, tablesDir(mode, c.Brokers, embeddedKafka))
	}
	return sc
}

// tablesDir names the table directory. Local table state is only valid
// for the cluster it was read from, so a dev run against real brokers
// keeps its tables apart from the embedded broker's (whose port changes
// at every start, hence not part of the name) and from other clusters'.
func tablesDir(mode Mode, brokers []string, embeddedKafka bool) string {
	if embeddedKafka || mode != ModeDev {
		return "tables"
	}
	sum := sha256.Sum256([]byte(strings.Join(brokers, ",")))
	return "tables-" + hex.EncodeToString(sum[:4])
}

// provision creates the stream topics and the group tables that are
// missing, or says which existing one does not match, and returns sc with
// the rates topic's partition count as it is. What fails for a cause that
// can pass (a broker down or just killed) is tried again until bound
// (retryProvisioning); ctx ending stops the retries.
func provision(ctx context.Context, sc streams.Config, log *slog.Logger, bound time.Duration) (streams.Config, error) {
	sc, err := retryProvisioning(ctx, bound, log, func() (streams.Config, error) { return provisionOnce(sc) })
	if err != nil {
		return sc, err
	}
	reportReplication(ctx, sc, log)
	log.Info("topics ready", "brokers", sc.Brokers, "partitions", sc.Partitions,
		"replication", sc.Replication, "min_insync_replicas", sc.MinISR())
	return sc, nil
}

// provisionOnce is one attempt of provision. Every step creates only what
// is missing, so an attempt after a failed one repeats the steps that
// passed at the cost of a few metadata requests.
func provisionOnce(sc streams.Config) (streams.Config, error) {
	if err := streams.EnsureTopics(sc); err != nil {
		return sc, fmt.Errorf("topics on %v: %w", sc.Brokers, err)
	}
	// Processors refuse a rate whose key is not on its partition among
	// the rates topic's: an existing topic's count, whatever was set.
	n, err := streams.RatesTopicPartitions(sc)
	if err != nil {
		return sc, fmt.Errorf("rates topic on %v: %w", sc.Brokers, err)
	}
	sc.RatesPartitions = n
	if err := streams.EnsureWebhookTopics(sc); err != nil {
		return sc, fmt.Errorf("webhook topics on %v: %w", sc.Brokers, err)
	}
	g := sc.Groups
	if err := streams.EnsureTables(sc, g.Transactions, g.Conversions, g.Rates, g.StatusLog, g.WebhookDeliveries); err != nil {
		return sc, fmt.Errorf("tables on %v: %w", sc.Brokers, err)
	}
	return sc, nil
}

// replicationCheckTimeout bounds the start's look at the existing topics.
const replicationCheckTimeout = 10 * time.Second

// reportReplication logs a warning for each existing topic whose
// replication factor or min.insync.replicas is not the configured one.
// It does not stop the start: the topic works, with other guarantees,
// and changing it is an operator's reassignment (README, Operations).
// Not being able to look is a warning too, for the same reason.
func reportReplication(ctx context.Context, sc streams.Config, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(ctx, replicationCheckTimeout)
	defer cancel()
	found, err := streams.CheckReplication(ctx, sc)
	if err != nil {
		log.Warn("cannot check the topics' replication", "error", err)
	}
	for _, m := range found {
		log.Warn("topic replication differs from the configured one",
			"topic", m.Topic, "setting", m.Setting, "found", m.Found, "wanted", m.Wanted)
	}
}
