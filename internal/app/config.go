package app

import (
	"time"

	"github.com/txstream/txstream/edge/cache"

	"github.com/txstream/txstream/streams"
)

// Config is what a process of txstream is built from; cmd/txstream fills
// it from its settings table and has validated it.
type Config struct {
	Roles   Roles
	Brokers []string // none under dev: the embedded broker
	Redis   string   // "" under dev: the embedded Redis
	// CacheWrites says which transactions the cache writes to Redis
	// (cache.Config.Writes).
	CacheWrites       cache.Writes
	EmbeddedKafkaPort int
	DataDir           string // "": state in memory

	TransactionAddr string
	ConverterAddr   string
	ManagerAddr     string
	MetricsAddr     string // "": no process address
	GokaMonitor     bool

	Topics          streams.Topics
	Groups          streams.Groups
	Partitions      int
	RatesPartitions int
	Replication     int
	// MinInsyncReplicas of the topics txstream creates; 0 chooses
	// (streams.Config.MinISR).
	MinInsyncReplicas int
	ClientID          string
	HotStandby        bool
	RecoverAhead      bool

	SessionTimeout    time.Duration
	HeartbeatInterval time.Duration
	RebalanceTimeout  time.Duration
	ProduceTimeout    time.Duration
	ShutdownTimeout   time.Duration
	// ProvisionTimeout bounds the retries of the start's topic and table
	// provisioning while the brokers fail it for a cause that can pass;
	// zero takes DefaultProvisionTimeout.
	ProvisionTimeout time.Duration
	LongPollMax      time.Duration
	ActorIdle        time.Duration
	// VerdictTimeout bounds how long a POST /transactions waits, after
	// Kafka's acknowledgement, for the transactions table to show which
	// body won its id (actors.Config.VerdictTimeout); zero takes
	// DefaultVerdictTimeout.
	VerdictTimeout time.Duration
	// AnswerAtAck answers a POST /transactions at Kafka's acknowledgement,
	// without the table's verdict: faster by the processing latency, but
	// two transaction-service processes that get one id with different
	// bodies at once may both answer 201.
	AnswerAtAck bool

	MaxInFlight  int
	MaxLongPolls int
	MaxBodyBytes int
	// MaxBatch and MaxBatchBodyBytes bound POST /transactions/batch
	// (edge.Config's fields of the same names).
	MaxBatch          int
	MaxBatchBodyBytes int
	MaxRateAge        time.Duration
	// MaxEventStreams, EventKeepAlive and EventWriteTimeout bound the
	// event streams (edge.Config's fields of the same names).
	MaxEventStreams   int
	EventKeepAlive    time.Duration
	EventWriteTimeout time.Duration

	FetchMinBytes int
	FetchMaxWait  time.Duration

	// Webhooks are the webhooks group's settings (--webhook-*): the
	// retry schedule, the attempt timeout, the SSRF guard's allowance of
	// private addresses, the grace of a rotated secret.
	Webhooks WebhookConfig

	Security Security
}

// Streams returns the configuration of the stream processors, views and
// producer.
func (c Config) Streams() streams.Config {
	sc := streams.DefaultConfig()
	sc.Brokers = c.Brokers
	sc.Topics = c.Topics
	sc.Partitions = c.Partitions
	sc.RatesPartitions = c.RatesPartitions
	sc.Replication = c.Replication
	sc.MinInsyncReplicas = c.MinInsyncReplicas
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

// Mode is the command a process runs as.
type Mode int

const (
	// ModeServe runs the configured roles against real Kafka and Redis.
	ModeServe Mode = iota
	// ModeDev runs every role, starts the embedded broker and Redis that
	// the configuration does not replace, and publishes the sample rates.
	ModeDev
)

func (m Mode) String() string {
	if m == ModeDev {
		return "dev"
	}
	return "serve"
}

// DefaultVerdictTimeout is VerdictTimeout's default: as long as a produce
// may wait for Kafka, since the table's verdict is a produce and a fetch
// further on.
const DefaultVerdictTimeout = 5 * time.Second

// verdictTimeout is the actors' verdict wait: zero when they answer at the
// acknowledgement.
func (c Config) verdictTimeout() time.Duration {
	switch {
	case c.AnswerAtAck:
		return 0
	case c.VerdictTimeout > 0:
		return c.VerdictTimeout
	}
	return DefaultVerdictTimeout
}

// provisionTimeout is ProvisionTimeout, or its default.
func (c Config) provisionTimeout() time.Duration {
	if c.ProvisionTimeout > 0 {
		return c.ProvisionTimeout
	}
	return DefaultProvisionTimeout
}

// WebhookConfig is the webhooks' part of Config.
type WebhookConfig struct {
	Retries      []time.Duration
	Timeout      time.Duration
	AllowPrivate bool
	SecretGrace  time.Duration
	// Workers and PerEndpoint bound the attempts in flight in one
	// process, and those of them to one endpoint (webhooks.Options);
	// zero takes the default.
	Workers     int
	PerEndpoint int
}
