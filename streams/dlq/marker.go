package dlq

import (
	"fmt"
	"strconv"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Headers of a replay.
const (
	// HeaderReplayOf is on a marker: the offset of the replayed dead letter
	// in the marker's own partition.
	HeaderReplayOf = "txstream-dlq-replay-of"
	// HeaderReplayedTo is on a marker: where the re-published record went,
	// topic/partition/offset.
	HeaderReplayedTo = "txstream-dlq-replayed-to"
	// HeaderSourceReplayOf is on a re-published record: the ID of the dead
	// letter it replays, so that a consumer or an operator can tell.
	HeaderSourceReplayOf = "txstream-replay-of"
)

// Marker records one replay in the dead-letter topic.
type Marker struct {
	ID ID    // the marker's own place
	Of ID    // the dead letter it marks
	To Place // where the replay went
}

func isMarker(r *kgo.Record) bool { return header(r, HeaderReplayOf) != nil }

func parseMarker(r *kgo.Record) (Marker, error) {
	off, err := strconv.ParseInt(string(header(r, HeaderReplayOf)), 10, 64)
	if err != nil {
		return Marker{}, fmt.Errorf("marker at %s: header %s: %w", ID{r.Partition, r.Offset}, HeaderReplayOf, err)
	}
	to, err := parsePlace(string(header(r, HeaderReplayedTo)))
	if err != nil {
		return Marker{}, fmt.Errorf("marker at %s: header %s: %w", ID{r.Partition, r.Offset}, HeaderReplayedTo, err)
	}
	return Marker{ID: ID{r.Partition, r.Offset}, Of: ID{r.Partition, off}, To: to}, nil
}

// markerRecord is the marker of l's replay to, in l's partition so that
// its offset names l without ambiguity and it always follows l. Its value
// is nil, which is why the dead-letter topic must not be compacted.
func markerRecord(topic string, l Letter, to Place) *kgo.Record {
	return &kgo.Record{
		Topic:     topic,
		Partition: l.ID.Partition,
		Key:       l.Key,
		Headers: []kgo.RecordHeader{
			{Key: HeaderReplayOf, Value: []byte(strconv.FormatInt(l.ID.Offset, 10))},
			{Key: HeaderReplayedTo, Value: []byte(to.String())},
		},
	}
}

// header is the value of r's last header named key, nil when it has none.
func header(r *kgo.Record, key string) []byte {
	var v []byte
	for _, h := range r.Headers {
		if h.Key == key {
			v = h.Value
			if v == nil {
				v = []byte{}
			}
		}
	}
	return v
}
