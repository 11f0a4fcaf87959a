package app

import (
	"context"
	"strings"

	"github.com/txstream/txstream/edge/console"
	"github.com/txstream/txstream/internal/cli"
	"github.com/txstream/txstream/internal/cli/dlqcmd"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/dlq"
)

// deadLetters are the console's dead letters: read and replayed by the
// code of "txstream dlq list" and "txstream dlq replay" (dlqcmd), with
// the process's own Kafka settings and login. Each call opens a client
// of its own and closes it: the page is read rarely, and a replay is an
// operator's act.
type deadLetters struct{ kafka dlqcmd.Kafka }

func newDeadLetters(sc streams.Config) deadLetters {
	return deadLetters{dlqcmd.Kafka{Brokers: sc.Brokers, Topic: sc.Topics.DeadLetter, ClientID: sc.ClientID,
		ProduceTimeout: sc.ProduceTimeout, Security: sc.Security}}
}

// List reads the dead-letter topic, as dlq list does.
func (d deadLetters) List(ctx context.Context) ([]console.DeadLetter, error) {
	log, err := dlqcmd.Letters(ctx, d.kafka)
	if err != nil {
		return nil, err
	}
	out := make([]console.DeadLetter, 0, len(log.Letters))
	for _, l := range log.Letters {
		out = append(out, shownLetter(l, log.Topic))
	}
	return out, nil
}

func shownLetter(l dlq.Letter, topic string) console.DeadLetter {
	s := console.DeadLetter{ID: l.ID.String(), Source: l.Source.String(), Group: l.Group, Reason: l.Reason,
		Error: dlqcmd.ShowError(l.Error), Key: dlqcmd.ShowKey(l.Key), At: l.At}
	if l.Replayed != nil {
		s.Replayed = l.Replayed.To.String()
	}
	if err := dlq.Replayable(l, topic); err != nil {
		s.Refused = err.Error()
	}
	return s
}

// Replay replays the dead letter id as "txstream dlq replay --offset ID
// --force" does (the console's button says when it was replayed before),
// and returns what the command printed.
func (d deadLetters) Replay(ctx context.Context, id string) (string, error) {
	parsed, err := dlq.ParseID(id)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	err = dlqcmd.Replay(ctx, dlqcmd.ReplayConfig{Kafka: d.kafka, IDs: []dlq.ID{parsed}, Force: true,
		Out: cli.Output{Stdout: &out, Stderr: &out}})
	return strings.TrimSpace(out.String()), err
}
