package ratescmd

import (
	"io"
	"log/slog"
	"time"

	"github.com/txstream/txstream/internal/cli"
	"github.com/txstream/txstream/streams"
)

// Config is what one import needs.
type Config struct {
	Brokers        []string
	Topic          string // the rates topic
	Partitions     int    // of the rates topic, when the import creates it
	Replication    int    // of the rates topic, when the import creates it
	MinInsync      int    // its min.insync.replicas (0: streams.Config.MinISR chooses)
	ClientID       string
	ProduceTimeout time.Duration
	Security       streams.Security

	File  string    // the ECB file; "-" reads Stdin
	Stdin io.Reader // read for File "-"
	Out   cli.Output
	Log   *slog.Logger
}

// streams is the configuration of the producer and of the rates topic;
// the other fields keep the streams defaults, which the import never uses.
func (c Config) streams() streams.Config {
	sc := streams.DefaultConfig()
	sc.Brokers = c.Brokers
	sc.Topics.Rates = c.Topic
	sc.RatesPartitions = c.Partitions
	sc.Replication = c.Replication
	sc.MinInsyncReplicas = c.MinInsync
	sc.ClientID = c.ClientID
	sc.ProduceTimeout = c.ProduceTimeout
	sc.Security = c.Security
	return sc
}
