package app

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

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
// the rates topic's partition count as it is.
func provision(sc streams.Config, log *slog.Logger) (streams.Config, error) {
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
	g := sc.Groups
	if err := streams.EnsureTables(sc, g.Transactions, g.Conversions, g.Rates, g.StatusLog); err != nil {
		return sc, fmt.Errorf("tables on %v: %w", sc.Brokers, err)
	}
	log.Info("topics ready", "brokers", sc.Brokers, "partitions", sc.Partitions, "replication", sc.Replication)
	return sc, nil
}
