package main

import (
	"time"

	"github.com/txstream/txstream/streams"
)

// config is everything the binary can be told, filled from the settings
// table (defaults, then TXSTREAM_* variables, then flags).
type config struct {
	Roles             roleSet
	Brokers           []string
	Redis             string
	EmbeddedKafkaPort int
	DataDir           string

	TransactionAddr string
	ConverterAddr   string
	ManagerAddr     string
	MetricsAddr     string
	AddressesFile   string
	GokaMonitor     bool

	Topics          streams.Topics
	Groups          streams.Groups
	Partitions      int
	RatesPartitions int
	Replication     int
	ClientID        string
	HotStandby      bool
	RecoverAhead    bool

	SessionTimeout    time.Duration
	HeartbeatInterval time.Duration
	RebalanceTimeout  time.Duration
	ProduceTimeout    time.Duration
	ShutdownTimeout   time.Duration
	LongPollMax       time.Duration
	ActorIdle         time.Duration

	MaxInFlight  int
	MaxLongPolls int
	MaxBodyBytes int
	MaxRateAge   time.Duration

	FetchMinBytes int
	FetchMaxWait  time.Duration

	LogFormat string
	LogLevel  string

	Run runOptions // what one run of a dlq command does: flags only
}

// streams returns the configuration of the stream processors, views and
// producer of dev and serve. The one-shot commands take only the settings
// that apply to them (ratesImportConfig, dlqKafka).
func (c *config) streams() streams.Config {
	sc := streams.DefaultConfig()
	sc.Brokers = c.Brokers
	sc.Topics = c.Topics
	sc.Partitions = c.Partitions
	sc.RatesPartitions = c.RatesPartitions
	sc.Replication = c.Replication
	sc.StorageDir = c.DataDir
	sc.HotStandby = c.HotStandby
	sc.RecoverAhead = c.RecoverAhead
	sc.ClientID = c.ClientID
	sc.ProduceTimeout = c.ProduceTimeout
	sc.Groups = c.Groups
	sc.FetchMinBytes = c.FetchMinBytes
	sc.FetchMaxWait = c.FetchMaxWait
	sc.SessionTimeout = c.SessionTimeout
	sc.HeartbeatInterval = c.HeartbeatInterval
	sc.RebalanceTimeout = c.RebalanceTimeout
	return sc
}
