package dlq

import (
	"fmt"
	"strconv"
	"strings"
)

// ID names a dead letter by its place in the dead-letter topic. It is
// written as the offset alone in partition 0 (every dead letter of a
// one-partition topic) and as PARTITION:OFFSET elsewhere, so that the
// usual case reads as Kafka tools print it and no case is ambiguous.
type ID struct {
	Partition int32
	Offset    int64
}

func (id ID) String() string {
	if id.Partition == 0 {
		return strconv.FormatInt(id.Offset, 10)
	}
	return fmt.Sprintf("%d:%d", id.Partition, id.Offset)
}

// ParseID reads what ID.String writes.
func ParseID(s string) (ID, error) {
	part, off, found := strings.Cut(strings.TrimSpace(s), ":")
	if !found {
		part, off = "0", part
	}
	p, err := strconv.ParseInt(part, 10, 32)
	if err != nil || p < 0 {
		return ID{}, fmt.Errorf("%q: %w", s, ErrBadID)
	}
	o, err := strconv.ParseInt(off, 10, 64)
	if err != nil || o < 0 {
		return ID{}, fmt.Errorf("%q: %w", s, ErrBadID)
	}
	return ID{Partition: int32(p), Offset: o}, nil
}

// IDs is a list of dead-letter IDs, written comma-separated; *IDs is a
// flag.Value, and a repeated flag adds to the list.
type IDs []ID

// Set adds the comma-separated IDs of s; empty items are skipped.
func (ids *IDs) Set(s string) error {
	for f := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(f) == "" {
			continue
		}
		id, err := ParseID(f)
		if err != nil {
			return err
		}
		*ids = append(*ids, id)
	}
	return nil
}

func (ids IDs) String() string {
	fs := make([]string, len(ids))
	for i, id := range ids {
		fs[i] = id.String()
	}
	return strings.Join(fs, ",")
}

// Place is where a record lies: the source of a dead letter, or where a
// replay put it. It is written topic/partition/offset.
type Place struct {
	Topic     string
	Partition int32
	Offset    int64
}

func (p Place) String() string { return fmt.Sprintf("%s/%d/%d", p.Topic, p.Partition, p.Offset) }

// parsePlace reads what Place.String writes; the topic may not hold '/'
// (Kafka's names cannot).
func parsePlace(s string) (Place, error) {
	fields := strings.Split(s, "/")
	if len(fields) != 3 || fields[0] == "" {
		return Place{}, fmt.Errorf("%q is not topic/partition/offset", s)
	}
	p, err1 := strconv.ParseInt(fields[1], 10, 32)
	o, err2 := strconv.ParseInt(fields[2], 10, 64)
	if err1 != nil || err2 != nil {
		return Place{}, fmt.Errorf("%q is not topic/partition/offset", s)
	}
	return Place{Topic: fields[0], Partition: int32(p), Offset: o}, nil
}
