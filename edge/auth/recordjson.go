package auth

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// recordJSON is a record's line in the key file; see doc.go for the
// format.
type recordJSON struct {
	Name    string   `json:"name"`
	Scopes  []string `json:"scopes"`
	Created string   `json:"created"`
	SHA256  string   `json:"sha256"`
}

// MarshalLine returns the record's line in the key file, without the
// newline.
func (r Record) MarshalLine() ([]byte, error) {
	names := make([]string, 0, len(scopes))
	for _, sc := range r.Scopes.List() {
		names = append(names, string(sc))
	}
	return json.Marshal(recordJSON{
		Name:    r.Name,
		Scopes:  names,
		Created: r.Created.UTC().Format(time.RFC3339),
		SHA256:  hex.EncodeToString(r.Hash[:]),
	})
}

// parseLine reads one record strictly: unknown members, a missing member
// or trailing data are errors, because a typo in a permission file should
// stop a reload rather than be ignored.
func parseLine(line []byte) (Record, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	var j recordJSON
	if err := dec.Decode(&j); err != nil {
		return Record{}, fmt.Errorf("%w: not a JSON object of name, scopes, created, sha256", ErrRecord)
	}
	if dec.More() {
		return Record{}, fmt.Errorf("%w: more than one JSON value on the line", ErrRecord)
	}
	return j.record()
}

func (j recordJSON) record() (Record, error) {
	var r Record
	if err := ValidateName(j.Name); err != nil {
		return Record{}, err
	}
	r.Name = j.Name
	if len(j.Scopes) == 0 {
		return Record{}, ErrNoScopes
	}
	for _, s := range j.Scopes {
		sc, err := ParseScope(s)
		if err != nil {
			return Record{}, err
		}
		r.Scopes = r.Scopes.With(sc)
	}
	created, err := time.Parse(time.RFC3339, j.Created)
	if err != nil {
		return Record{}, fmt.Errorf("%w: created is not an RFC 3339 time", ErrRecord)
	}
	r.Created = created.UTC()
	if r.Hash, err = parseHash(j.SHA256); err != nil {
		return Record{}, err
	}
	return r, nil
}

func parseHash(s string) (Hash, error) {
	var h Hash
	if len(s) != hex.EncodedLen(len(h)) {
		return Hash{}, fmt.Errorf("%w: sha256 is not 64 hex digits", ErrRecord)
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return Hash{}, fmt.Errorf("%w: sha256 is not 64 hex digits", ErrRecord)
	}
	return h, nil
}
