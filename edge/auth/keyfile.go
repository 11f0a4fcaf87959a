package auth

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
)

// maxLine bounds one line of the key file; a record is about 200 bytes,
// so a longer line is not a record and is refused rather than buffered.
const maxLine = 4096

// keySet is one generation of the key file, immutable once built: Keys
// swaps whole sets, so a request sees either the old file or the new one.
type keySet struct {
	recs []Record // in the file's order
	// byHash holds each key's principal, built once per load, so that
	// Authenticate allocates nothing (the key id is formatted here, not
	// per request).
	byHash map[Hash]Principal
	sum    Hash // of the file's bytes, so that Run can tell a change from an event
}

// ParseKeys reads a key file's contents (path only names it in errors):
// one record per line, blank lines and lines starting with # ignored, a
// duplicate name or hash an error naming both lines.
func ParseKeys(path string, r io.Reader) ([]Record, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 512), maxLine)
	var recs []Record
	names := map[string]int{}
	hashes := map[Hash]int{}
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		rec, err := parseLine(line)
		if err != nil {
			return nil, &LineError{Path: path, Line: n, Err: err}
		}
		if first, dup := names[rec.Name]; dup {
			return nil, &LineError{Path: path, Line: n, Err: fmt.Errorf("%w: name %s already on line %d", ErrDuplicate, rec.Name, first)}
		}
		if first, dup := hashes[rec.Hash]; dup {
			return nil, &LineError{Path: path, Line: n, Err: fmt.Errorf("%w: the key of line %d again", ErrDuplicate, first)}
		}
		names[rec.Name], hashes[rec.Hash] = n, n
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, &LineError{Path: path, Line: n + 1, Err: err}
	}
	return recs, nil
}

// maxFile bounds the key file: a million keys would fit, and a file
// larger than that is a wrong path, not a key file.
const maxFile = 256 << 20

// LoadFile reads the key file at path after checking its mode (CheckMode);
// warn, when not nil, is told of a file others may read. A file without
// records is refused (ErrNoKeys).
func LoadFile(path string, warn func(string)) ([]Record, error) {
	ks, err := loadSet(path, warn)
	if err != nil {
		return nil, err
	}
	return ks.recs, nil
}

func loadSet(path string, warn func(string)) (*keySet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	defer f.Close()
	if err := CheckMode(f, warn); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("read key file %s: %w", path, err)
	}
	if len(data) > maxFile {
		return nil, fmt.Errorf("%s: %w: larger than %d bytes", path, ErrRecord, maxFile)
	}
	recs, err := ParseKeys(path, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: %w", path, ErrNoKeys)
	}
	return newKeySet(recs, HashKey(data)), nil
}

func newKeySet(recs []Record, sum Hash) *keySet {
	ks := &keySet{recs: recs, byHash: make(map[Hash]Principal, len(recs)), sum: sum}
	for _, r := range recs {
		ks.byHash[r.Hash] = r.principal()
	}
	return ks
}
