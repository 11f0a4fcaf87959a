package streams

import (
	"fmt"
	"math"
	"path/filepath"
	"time"

	"github.com/IBM/sarama"
	"github.com/lovoo/goka"
	"github.com/lovoo/goka/storage"
)

// Topics names every stream topic. The defaults of the first two are the
// seed's names, which its clients and its consumer already use. The status
// stream is no topic of its own: it is the transactions table's changelog
// (Table(Groups.Transactions)), whose records carry the whole history.
type Topics struct {
	Transactions      string // TransactionRequested, key = transaction id
	Conversions       string // ConversionRequest, key = conversion id
	ConversionResults string // Conversion, key = transaction id
	Rates             string // Rate, key = currency code
	// DeadLetter receives every record a processor cannot apply, as it
	// came, with headers saying why (deadletter.go). One partition: few
	// records, listed in the order they were refused.
	DeadLetter string
	// Webhooks holds the webhook registrations (domain.WebhookEndpoint, key
	// = endpoint id, a tombstone deletes one): compacted, one partition,
	// read whole by every process that needs it (topics_webhooks.go). It
	// holds the signing secrets: its ACL matters (SECURITY.md).
	Webhooks string
	// WebhookDeliveries carries each delivery's outcome (domain
	// .WebhookDelivery, key = endpoint id) from the webhooks processor to
	// the webhook-deliveries group, whose table keeps the recent ones per
	// endpoint.
	WebhookDeliveries string
}

// Groups names the goka groups. goka names each group table "<group>-table".
type Groups struct {
	Transactions string
	Conversions  string
	StatusLog    string
	Rates        string
	// Webhooks delivers the status changes to the registered endpoints;
	// WebhookDeliveries keeps the recent outcomes per endpoint.
	Webhooks          string
	WebhookDeliveries string
}

// Config configures the stream processors and views, the edge's producer
// (kgo) and the goka emitters that remain (rates import, the sample rates).
type Config struct {
	Brokers []string
	Topics  Topics
	Groups  Groups
	// Partitions of every stream topic but the rates topic; table topics
	// follow their group's input partitions. All inputs of a group are
	// co-partitioned by key.
	Partitions int
	// RatesPartitions of the rates topic, and so of the rates table, when
	// txstream creates it. Rates are a few dozen keys that rarely change,
	// while every partition of a table is a LevelDB instance with its own
	// buffers in each process that holds the table (the rates group, the
	// conversions group's Lookup, the views): one partition instead of ten
	// saves 27 of a process's 80 instances. The rates group has no other
	// input, so an existing rates topic is used with the count it has.
	RatesPartitions int
	// Replication of every topic txstream creates.
	Replication int
	// MinInsyncReplicas is the min.insync.replicas of every topic txstream
	// creates: how many replicas must have a record before the brokers
	// acknowledge it to an acks=all producer, and so before the edge
	// answers 201. Zero chooses (MinISR): 2 from replication 3 up, so that
	// an acknowledged record survives the loss of any one broker and a
	// write still succeeds while one broker is down; the broker's default
	// below. More than Replication is refused: no write could succeed.
	MinInsyncReplicas int
	// DeadLetterRetention is how long the dead-letter topic keeps a record
	// when txstream creates it: long enough for an operator to look, where
	// goka's default for streams (an hour) would not be.
	DeadLetterRetention time.Duration
	// StorageDir holds the local table state (LevelDB, one directory per
	// table partition). Empty keeps tables in memory, recovered from Kafka
	// at every start.
	StorageDir string
	// HotStandby keeps a processor's tables of partitions it does not own up
	// to date, so a takeover after a rebalance needs no recovery.
	HotStandby bool
	// RecoverAhead recovers a partition's table before the rebalance that
	// assigns it completes.
	RecoverAhead bool
	// ClientID names this process to the brokers.
	ClientID string
	// SessionTimeout and RebalanceTimeout bound how fast the group notices a
	// member joining or dying. HeartbeatInterval is how often a member
	// tells the coordinator it lives (sarama's Consumer.Group.Heartbeat
	// .Interval); it must be below SessionTimeout, or a live member would
	// be taken for dead between two heartbeats.
	SessionTimeout    time.Duration
	HeartbeatInterval time.Duration
	RebalanceTimeout  time.Duration
	// ProduceTimeout bounds how long a produce waits for the brokers.
	ProduceTimeout time.Duration
	// FetchMinBytes and FetchMaxWait are Kafka's fetch.min.bytes and
	// fetch.max.wait.ms for every consumer: a fetch returns once this many
	// bytes are there, or after the wait. One byte returns with the first
	// record, for the lowest latency; more make every hop wait up to
	// FetchMaxWait for fewer, fuller fetches, which costs the clients and
	// the broker less CPU (BENCHMARKS.md, F1).
	FetchMinBytes int
	FetchMaxWait  time.Duration
	// Security is the TLS and SASL login of every client (security.go).
	Security Security
}

// DefaultConfig returns the defaults: the seed's topic names, 10 partitions
// (one for the rates topic), replication 1, tables in memory.
func DefaultConfig() Config {
	return Config{
		Brokers: []string{"localhost:9092"},
		Topics: Topics{
			Transactions:      "transaction-topic",
			Conversions:       "conversion-topic",
			ConversionResults: "conversion-result-topic",
			Rates:             "rates-topic",
			DeadLetter:        "dead-letter-topic",
			Webhooks:          "webhook-endpoints",
			WebhookDeliveries: "webhook-delivery-topic",
		},
		Groups: Groups{
			Transactions:      "transactions",
			Conversions:       "conversions",
			StatusLog:         "status-log",
			Rates:             "rates",
			Webhooks:          "webhooks",
			WebhookDeliveries: "webhook-deliveries",
		},
		Partitions:      10,
		RatesPartitions: 1,
		Replication:     1,
		// Kafka's own default retention.
		DeadLetterRetention: 7 * 24 * time.Hour,
		ClientID:            "txstream",
		SessionTimeout:      10 * time.Second,
		HeartbeatInterval:   1 * time.Second,
		RebalanceTimeout:    10 * time.Second,
		ProduceTimeout:      5 * time.Second,
		FetchMinBytes:       1,
		FetchMaxWait:        500 * time.Millisecond,
	}
}

// Validate reports the first setting that cannot work, by name.
func (c Config) Validate() error {
	switch {
	case len(c.Brokers) == 0:
		return fmt.Errorf("%w: brokers: none given", ErrInvalidConfig)
	case c.Partitions < 1:
		return fmt.Errorf("%w: partitions: %d, need at least 1", ErrInvalidConfig, c.Partitions)
	case c.RatesPartitions < 1:
		return fmt.Errorf("%w: rates partitions: %d, need at least 1", ErrInvalidConfig, c.RatesPartitions)
	case c.Replication < 1:
		return fmt.Errorf("%w: replication: %d, need at least 1", ErrInvalidConfig, c.Replication)
	case c.MinInsyncReplicas < 0 || c.MinInsyncReplicas > c.Replication:
		return fmt.Errorf("%w: min insync replicas: %d, need 0 (automatic) to the replication, %d",
			ErrInvalidConfig, c.MinInsyncReplicas, c.Replication)
	case c.HeartbeatInterval <= 0 || c.SessionTimeout <= c.HeartbeatInterval:
		return fmt.Errorf("%w: %w: session timeout %s, heartbeat interval %s",
			ErrInvalidConfig, ErrSessionTimeout, c.SessionTimeout, c.HeartbeatInterval)
	case c.DeadLetterRetention < time.Millisecond:
		return fmt.Errorf("%w: dead-letter retention: %s, need at least 1ms", ErrInvalidConfig, c.DeadLetterRetention)
	case c.ProduceTimeout <= 0:
		return fmt.Errorf("%w: produce timeout: %s", ErrInvalidConfig, c.ProduceTimeout)
	case c.FetchMinBytes < 1 || c.FetchMinBytes > math.MaxInt32:
		return fmt.Errorf("%w: fetch min bytes: %d, need 1 to %d", ErrInvalidConfig, c.FetchMinBytes, math.MaxInt32)
	case c.FetchMaxWait < time.Millisecond:
		return fmt.Errorf("%w: fetch max wait: %s, need at least 1ms", ErrInvalidConfig, c.FetchMaxWait)
	}
	if err := c.Security.Validate(); err != nil {
		return err
	}
	return c.checkTopicNames()
}

func (c Config) checkTopicNames() error {
	names := map[string]string{
		"transactions topic":       c.Topics.Transactions,
		"conversions topic":        c.Topics.Conversions,
		"conversion results topic": c.Topics.ConversionResults,
		"rates topic":              c.Topics.Rates,
		"dead-letter topic":        c.Topics.DeadLetter,
		"webhooks topic":           c.Topics.Webhooks,
		"webhook deliveries topic": c.Topics.WebhookDeliveries,
		"webhooks group":           c.Groups.Webhooks,
		"webhook deliveries group": c.Groups.WebhookDeliveries,
		"transactions group":       c.Groups.Transactions,
		"conversions group":        c.Groups.Conversions,
		"status-log group":         c.Groups.StatusLog,
		"rates group":              c.Groups.Rates,
	}
	seen := map[string]string{}
	for setting, name := range names {
		if name == "" {
			return fmt.Errorf("%w: %s: empty name", ErrInvalidConfig, setting)
		}
		if other, dup := seen[name]; dup {
			return fmt.Errorf("%w: %s and %s are both %q", ErrInvalidConfig, setting, other, name)
		}
		seen[name] = setting
	}
	return nil
}

// Sarama returns the client configuration every processor, view and goka
// emitter uses, and that ProducerOptions translates for the kgo producer: idempotent producer with acks from all in-sync replicas, streams
// consumed from the oldest offset so that a new group misses nothing, and
// the co-partitioning rebalance strategy goka needs; TLS and the SASL login
// of Security.
func (c Config) Sarama() *sarama.Config {
	sc := goka.DefaultConfig()
	sc.Version = sarama.V2_8_0_0
	sc.ClientID = c.ClientID
	sc.Consumer.Offsets.Initial = sarama.OffsetOldest
	sc.Consumer.Group.Session.Timeout = c.SessionTimeout
	sc.Consumer.Group.Heartbeat.Interval = c.HeartbeatInterval
	sc.Consumer.Group.Rebalance.Timeout = c.RebalanceTimeout
	sc.Producer.RequiredAcks = sarama.WaitForAll
	sc.Producer.Idempotent = true
	sc.Producer.Compression = sarama.CompressionNone
	sc.Producer.Retry.Max = electionRetries
	sc.Producer.Retry.Backoff = 50 * time.Millisecond
	sc.Producer.Retry.BackoffFunc = electionBackoff
	sc.Producer.Timeout = c.ProduceTimeout
	sc.Producer.Flush.Frequency = time.Millisecond
	sc.Net.MaxOpenRequests = 1
	sc.Consumer.Fetch.Min = int32(c.FetchMinBytes)
	sc.Consumer.MaxWaitTime = c.FetchMaxWait
	sc.Metadata.Retry.Backoff = 100 * time.Millisecond
	sc.MetricRegistry = nilMetrics{}
	c.Security.sarama(sc)
	return sc
}

// MinISR is the min.insync.replicas txstream gives the topics it creates,
// and expects of existing ones: MinInsyncReplicas when set, else 2 from
// replication 3 up, else 0 (not set: the broker's default applies).
func (c Config) MinISR() int {
	switch {
	case c.MinInsyncReplicas > 0:
		return c.MinInsyncReplicas
	case c.Replication >= 3:
		return 2
	default:
		return 0
	}
}

// TopicManager returns the goka topic-manager configuration for the
// configured replication.
func (c Config) TopicManager() *goka.TopicManagerConfig {
	tmc := goka.NewTopicManagerConfig()
	tmc.Table.Replication = c.Replication
	tmc.Stream.Replication = c.Replication
	tmc.CreateTopicTimeout = 30 * time.Second
	return tmc
}

// StorageBuilder returns where tables keep local state: LevelDB in memory,
// or on disk in StorageDir/sub. Processors and views get separate
// subdirectories because goka names a table partition's directory after its
// topic alone, and a process may run a processor and a view of one table.
func (c Config) StorageBuilder(sub string) storage.Builder {
	if c.StorageDir == "" {
		return LevelDB("", partitionOptions)
	}
	return LevelDB(filepath.Join(c.StorageDir, sub), partitionOptions)
}

// ProcessorOptions are the goka options of the processor of group. The
// clients are built from Sarama(), never from goka's global config. Each
// group keeps its tables in a directory of its own: goka names a partition's
// directory after its topic alone, and a Lookup copy of a table (the
// conversions group's rates-table) must not open the owner's LevelDB.
func (c Config) ProcessorOptions(group string) []goka.ProcessorOption {
	opts := []goka.ProcessorOption{
		goka.WithClientID(c.ClientID),
		goka.WithConsumerGroupBuilder(consumerGroupBuilder(c)),
		goka.WithConsumerSaramaBuilder(saramaConsumerBuilder(c)),
		goka.WithProducerBuilder(producerBuilder(c)),
		goka.WithTopicManagerBuilder(topicManagerBuilder(c)),
		goka.WithStorageBuilder(c.StorageBuilder(filepath.Join("processor", group))),
		goka.WithHasher(Hasher()),
		// Tombstones reach the callbacks (as a nil message), which
		// dead-letter them; goka's default drops them uncounted.
		goka.WithNilHandling(goka.NilProcess),
	}
	if c.HotStandby {
		opts = append(opts, goka.WithHotStandby())
	}
	if c.RecoverAhead {
		opts = append(opts, goka.WithRecoverAhead())
	}
	return opts
}

// ViewOptions are the goka options every view of txstream uses.
func (c Config) ViewOptions() []goka.ViewOption {
	return []goka.ViewOption{
		goka.WithViewClientID(c.ClientID),
		goka.WithViewConsumerSaramaBuilder(saramaConsumerBuilder(c)),
		goka.WithViewTopicManagerBuilder(topicManagerBuilder(c)),
		goka.WithViewStorageBuilder(c.StorageBuilder("view")),
		goka.WithViewAutoReconnect(),
		goka.WithViewHasher(Hasher()),
	}
}

// EmitterOptions are the goka options every emitter of txstream uses.
func (c Config) EmitterOptions() []goka.EmitterOption {
	sc := c.Sarama()
	return []goka.EmitterOption{
		goka.WithEmitterClientID(c.ClientID),
		goka.WithEmitterProducerBuilder(goka.ProducerBuilderWithConfig(sc)),
		goka.WithEmitterTopicManagerBuilder(topicManagerBuilder(c)),
		goka.WithEmitterHasher(Hasher()),
	}
}

// Table returns the goka table of a group.
func Table(group string) goka.Table { return goka.GroupTable(goka.Group(group)) }

// electionRetries and electionBackoff make the processors' writes outlast a
// leader election: a broker killed without a controlled shutdown is
// replaced as leader only once the controllers miss its heartbeats
// (broker.session.timeout.ms, 9 s by default). Five retries 50 ms apart
// gave up within a second, failing the processor while its later messages
// could still be committed past the failed one: on a three-broker cluster
// the status log lost entries that way (docs/INTEGRATION.md, finding 13).
// 30 retries backing off from 50 ms to a second take about 26 s. The
// edge's kgo producer takes the count too, but its records are bounded by
// --produce-timeout (ProducerOptions), so its answer is not delayed.
const electionRetries = 30

func electionBackoff(retries, _ int) time.Duration {
	return min(50*time.Millisecond<<min(retries, 5), time.Second)
}
