package embedded

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
)

// KafkaConfig configures the embedded broker.
type KafkaConfig struct {
	// Port to listen on (loopback); 0 picks a free one.
	Port int
	// DataDir persists the log across restarts; empty keeps it in memory.
	// With a DataDir an acknowledgement leaves the broker only once what
	// it acknowledges is on disk (see durable.go).
	DataDir string
	// Partitions of topics that clients create without saying how many.
	Partitions int
}

// Kafka is a running embedded Kafka-protocol broker.
type Kafka struct {
	Cluster *kfake.Cluster
	Brokers []string

	commit  *groupCommit // nil without a DataDir, or where kfake fsyncs itself
	release func() error // releases what commit syncs through
}

// StartKafka starts one kfake broker on loopback. Its group session bounds
// are short so that group members join and leave in tests without the
// broker's six-second default minimum.
//
// With a DataDir the acknowledgements are durable: txstream answers 201
// once the broker acknowledged the event, and that must hold when the
// machine, not only the process, goes down. On Linux the responses wait for
// a group commit of the data directory's file system (durable.go);
// elsewhere kfake fsyncs every batch itself (kfake.SyncWrites), at a cost
// BENCHMARKS.md measures ("Durable acknowledgements in dev").
func StartKafka(cfg KafkaConfig) (*Kafka, error) {
	k := &Kafka{}
	opts, err := k.options(cfg)
	if err != nil {
		return nil, err
	}
	cluster, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("start embedded kafka: %w", err), k.stopCommit())
	}
	k.Cluster, k.Brokers = cluster, cluster.ListenAddrs()
	return k, nil
}

// options are kfake's options for cfg; with a DataDir they start the group
// commit.
func (k *Kafka) options(cfg KafkaConfig) ([]kfake.Opt, error) {
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.GroupMinSessionTimeout(100 * time.Millisecond),
		kfake.AllowAutoTopicCreation(),
	}
	if cfg.Port != 0 {
		opts = append(opts, kfake.Ports(cfg.Port))
	}
	if cfg.Partitions > 0 {
		opts = append(opts, kfake.DefaultNumPartitions(cfg.Partitions))
	}
	if cfg.DataDir == "" {
		return opts, nil
	}
	opts = append(opts, kfake.DataDir(cfg.DataDir))
	sync, release, err := fileSystemSync(cfg.DataDir)
	switch {
	case errors.Is(err, errNoFileSystemSync):
		return append(opts, kfake.SyncWrites()), nil
	case err != nil:
		return nil, fmt.Errorf("start embedded kafka: %w", err)
	}
	k.commit, k.release = newGroupCommit(sync), release
	listen := func(network, address string) (net.Listener, error) {
		ln, err := net.Listen(network, address)
		if err != nil {
			return nil, err
		}
		return durableListener{Listener: ln, commit: k.commit}, nil
	}
	return append(opts, kfake.ListenFn(listen)), nil
}

// Close stops the broker. kfake closes its files on the way out without
// syncing them; the last sync here makes a clean stop durable too. Its
// error is dropped: at that point nothing is waiting for an answer, and
// every acknowledgement given was durable.
func (k *Kafka) Close() {
	k.Cluster.Close()
	_ = k.stopCommit()
}

// stopCommit stops the group commit, syncs once more and releases it.
func (k *Kafka) stopCommit() error {
	if k.commit == nil {
		return nil
	}
	k.commit.close()
	err := errors.Join(k.commit.sync(), k.release())
	k.commit = nil
	return err
}
