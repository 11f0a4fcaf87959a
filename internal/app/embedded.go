package app

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/txstream/txstream/internal/embedded"
)

// devBackends are the backends dev started in place of the ones the
// configuration does not name, and the banner's notes saying what runs
// where and what survives a restart.
type devBackends struct {
	brokers []string // nil: the configured brokers
	redis   string   // "": the configured Redis
	notes   []string
}

// startEmbedded starts the embedded broker and Redis that c does not
// replace with real ones; b closes them.
func startEmbedded(c Config, b *backends) (devBackends, error) {
	var dev devBackends
	if len(c.Brokers) == 0 {
		brokers, note, err := startKafka(c, b)
		if err != nil {
			return dev, err
		}
		dev.brokers, dev.notes = brokers, append(dev.notes, note)
	}
	if c.Redis == "" {
		srv, err := embedded.StartRedis("127.0.0.1:0")
		if err != nil {
			return dev, err
		}
		b.add("embedded redis", func() error { srv.Close(); return nil })
		dev.redis = srv.Addr()
		dev.notes = append(dev.notes, fmt.Sprintf("%-28s %s (in memory; a cache, rebuilt from the tables)", "Redis (embedded)", srv.Addr()))
	}
	dev.notes = append(dev.notes, stateNote(c.DataDir))
	return dev, nil
}

func startKafka(c Config, b *backends) ([]string, string, error) {
	kc := embedded.KafkaConfig{Port: c.EmbeddedKafkaPort, Partitions: c.Partitions}
	if c.DataDir != "" {
		kc.DataDir = filepath.Join(c.DataDir, "kafka")
		if err := os.MkdirAll(kc.DataDir, 0o755); err != nil {
			return nil, "", fmt.Errorf("data directory: %w", err)
		}
	}
	k, err := embedded.StartKafka(kc)
	if err != nil {
		return nil, "", err
	}
	b.add("embedded kafka", func() error { k.Close(); return nil })
	where := "in memory"
	if kc.DataDir != "" {
		where = "log in " + kc.DataDir
	}
	return k.Brokers, fmt.Sprintf("%-28s %s (%s; txstream rates import --brokers %s FILE)", "Kafka (embedded)", k.Brokers[0], where, k.Brokers[0]), nil
}

// stateNote says plainly what a restart keeps.
func stateNote(dataDir string) string {
	if dataDir == "" {
		return fmt.Sprintf("%-28s in memory: NOTHING is kept across restarts", "State")
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		abs = dataDir
	}
	return fmt.Sprintf("%-28s %s (tables and embedded broker log are kept across restarts; delete it to start afresh)", "State", abs)
}

// apply puts the embedded backends in place of the missing ones.
func (dev devBackends) apply(c Config) Config {
	if dev.brokers != nil {
		c.Brokers = dev.brokers
	}
	if dev.redis != "" {
		c.Redis = dev.redis
	}
	return c
}
