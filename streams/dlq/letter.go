package dlq

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams"
)

// Letter is one dead letter as a processor wrote it.
type Letter struct {
	ID      ID
	Key     []byte
	Value   []byte             // nil for a tombstone
	Headers []kgo.RecordHeader // the original record's, without the dead-letter ones
	Source  Place              // where the processor read the original
	Group   string
	Reason  string
	Error   string
	At      time.Time // zero when the header is missing
	// Problem says why the headers do not make a dead letter that can be
	// replayed; empty when they do.
	Problem string
	// Replayed is the latest replay's marker, nil while there is none.
	Replayed *Marker
}

// parseLetter reads a dead letter. A record that lacks a header the
// source needs is still returned, with Problem saying what is missing,
// so that a list shows it instead of hiding it.
func parseLetter(r *kgo.Record) Letter {
	l := Letter{
		ID:     ID{Partition: r.Partition, Offset: r.Offset},
		Key:    r.Key,
		Value:  r.Value,
		Source: Place{Partition: -1, Offset: -1},
	}
	var problems []string
	for _, h := range r.Headers {
		if !strings.HasPrefix(h.Key, streams.HeaderDLQPrefix) {
			l.Headers = append(l.Headers, h)
			continue
		}
		if err := l.setHeader(h.Key, string(h.Value)); err != nil {
			problems = append(problems, err.Error())
		}
	}
	problems = append(problems, l.missing()...)
	l.Problem = strings.Join(problems, "; ")
	return l
}

// setHeader reads one dead-letter header; headers the format may add
// later are ignored.
func (l *Letter) setHeader(key, v string) error {
	var err error
	switch key {
	case streams.HeaderDLQTopic:
		l.Source.Topic = v
	case streams.HeaderDLQPartition:
		var p int64
		p, err = strconv.ParseInt(v, 10, 32)
		l.Source.Partition = int32(p)
	case streams.HeaderDLQOffset:
		l.Source.Offset, err = strconv.ParseInt(v, 10, 64)
	case streams.HeaderDLQGroup:
		l.Group = v
	case streams.HeaderDLQReason:
		l.Reason = v
	case streams.HeaderDLQError:
		l.Error = v
	case streams.HeaderDLQAt:
		l.At, err = time.Parse(time.RFC3339, v)
	}
	if err != nil {
		return fmt.Errorf("header %s: %q is not valid", key, v)
	}
	return nil
}

// missing names the headers a replay needs that l lacks.
func (l *Letter) missing() []string {
	var out []string
	if l.Source.Topic == "" {
		out = append(out, "no header "+streams.HeaderDLQTopic)
	}
	if l.Source.Partition < 0 {
		out = append(out, "no header "+streams.HeaderDLQPartition)
	}
	if l.Source.Offset < 0 {
		out = append(out, "no header "+streams.HeaderDLQOffset)
	}
	return out
}

// IsTable reports whether l comes from a group table: goka names every
// table "<group>-table".
func (l Letter) IsTable() bool {
	return l.Reason == streams.ReasonBadTableValue || strings.HasSuffix(l.Source.Topic, "-table")
}
