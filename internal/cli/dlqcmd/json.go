package dlqcmd

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"time"
	"unicode/utf8"

	"github.com/txstream/txstream/streams/dlq"
)

// letterJSON is a dead letter as dlq list --json prints it. Bytes are a
// string when valid UTF-8, otherwise base64 with their encoding named, so
// that jq reads the usual JSON values as they are and nothing is lost.
type letterJSON struct {
	ID            string       `json:"id"`
	Partition     int32        `json:"partition"`
	Offset        int64        `json:"offset"`
	At            *time.Time   `json:"at,omitempty"`
	Group         string       `json:"group,omitempty"`
	Source        *placeJSON   `json:"source,omitempty"`
	Reason        string       `json:"reason,omitempty"`
	Error         string       `json:"error,omitempty"`
	Problem       string       `json:"problem,omitempty"`
	Key           *string      `json:"key"`
	KeyEncoding   string       `json:"key_encoding,omitempty"`
	Value         *string      `json:"value"`
	ValueEncoding string       `json:"value_encoding,omitempty"`
	Headers       []headerJSON `json:"headers,omitempty"`
	Replayed      bool         `json:"replayed"`
	ReplayedTo    *placeJSON   `json:"replayed_to,omitempty"`
}

type placeJSON struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

type headerJSON struct {
	Key      string `json:"key"`
	Value    string `json:"value"`
	Encoding string `json:"encoding,omitempty"`
}

func writeLettersJSON(w io.Writer, letters []dlq.Letter) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, l := range letters {
		if err := enc.Encode(toJSON(l)); err != nil {
			return err
		}
	}
	return nil
}

func toJSON(l dlq.Letter) letterJSON {
	j := letterJSON{
		ID: l.ID.String(), Partition: l.ID.Partition, Offset: l.ID.Offset,
		Group: l.Group, Reason: l.Reason, Error: l.Error, Problem: l.Problem,
		Replayed: l.Replayed != nil,
	}
	if !l.At.IsZero() {
		at := l.At.UTC()
		j.At = &at
	}
	if l.Source.Topic != "" {
		j.Source = &placeJSON{l.Source.Topic, l.Source.Partition, l.Source.Offset}
	}
	if l.Replayed != nil {
		j.ReplayedTo = &placeJSON{l.Replayed.To.Topic, l.Replayed.To.Partition, l.Replayed.To.Offset}
	}
	j.Key, j.KeyEncoding = encodeBytes(l.Key)
	j.Value, j.ValueEncoding = encodeBytes(l.Value)
	for _, h := range l.Headers {
		v, e := encodeBytes(h.Value)
		j.Headers = append(j.Headers, headerJSON{Key: h.Key, Value: deref(v), Encoding: e})
	}
	return j
}

// encodeBytes is nil for nil bytes (null in JSON), the string for valid
// UTF-8 and base64 otherwise, with the encoding's name.
func encodeBytes(b []byte) (*string, string) {
	if b == nil {
		return nil, ""
	}
	if utf8.Valid(b) {
		s := string(b)
		return &s, ""
	}
	s := base64.StdEncoding.EncodeToString(b)
	return &s, "base64"
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
