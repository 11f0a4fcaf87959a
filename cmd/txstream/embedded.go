package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/txstream/txstream/internal/embedded"
)

// startEmbedded starts, for dev, the embedded broker and Redis that the
// configuration does not replace with real ones, and returns banner notes
// saying what runs where and what survives a restart.
func (p *process) startEmbedded() ([]string, error) {
	var notes []string
	if len(p.cfg.Brokers) == 0 {
		note, err := p.startKafka()
		if err != nil {
			return nil, err
		}
		notes = append(notes, note)
	}
	if p.cfg.Redis == "" {
		srv, err := embedded.StartRedis("127.0.0.1:0")
		if err != nil {
			return nil, errors.Join(err, p.closeBackends())
		}
		p.cfg.Redis = srv.Addr()
		p.addBackend("embedded redis", func() error { srv.Close(); return nil })
		notes = append(notes, fmt.Sprintf("%-28s %s (in memory; a cache, rebuilt from the tables)", "Redis (embedded)", srv.Addr()))
	}
	return append(notes, p.stateNote()), nil
}

func (p *process) startKafka() (string, error) {
	kc := embedded.KafkaConfig{Port: p.cfg.EmbeddedKafkaPort, Partitions: p.cfg.Partitions}
	if p.cfg.DataDir != "" {
		kc.DataDir = filepath.Join(p.cfg.DataDir, "kafka")
		if err := os.MkdirAll(kc.DataDir, 0o755); err != nil {
			return "", fmt.Errorf("data directory: %w", err)
		}
	}
	k, err := embedded.StartKafka(kc)
	if err != nil {
		return "", err
	}
	p.cfg.Brokers = k.Brokers
	p.embeddedKafka = true
	p.addBackend("embedded kafka", func() error { k.Close(); return nil })
	where := "in memory"
	if kc.DataDir != "" {
		where = "log in " + kc.DataDir
	}
	return fmt.Sprintf("%-28s %s (%s; txstream rates import --brokers %s FILE)", "Kafka (embedded)", k.Brokers[0], where, k.Brokers[0]), nil
}

// stateNote says plainly what a restart keeps.
func (p *process) stateNote() string {
	if p.cfg.DataDir == "" {
		return fmt.Sprintf("%-28s in memory: NOTHING is kept across restarts", "State")
	}
	abs, err := filepath.Abs(p.cfg.DataDir)
	if err != nil {
		abs = p.cfg.DataDir
	}
	return fmt.Sprintf("%-28s %s (tables and embedded broker log are kept across restarts; delete it to start afresh)", "State", abs)
}

// addBackend registers a client or an embedded backend to close after
// everything else stopped.
func (p *process) addBackend(name string, close func() error) {
	p.backendClosers = append(p.backendClosers, namedCloser{name, close})
}

// closeBackends closes the backends when setup fails before the lifecycle
// runs.
func (p *process) closeBackends() error {
	var errs []error
	for _, c := range p.backendClosers {
		errs = append(errs, c.close())
	}
	p.backendClosers = nil
	return errors.Join(errs...)
}

type namedCloser struct {
	name  string
	close func() error
}
