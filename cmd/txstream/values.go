package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/txstream/txstream/edge/cache"
	"github.com/txstream/txstream/streams"
)

// The flag.Value kinds of the settings table. Defaults, environment
// variables and flags all go through Set, so a default shown in --help is
// parsed exactly like a value a user types.

type stringValue struct{ p *string }

func (v stringValue) Set(s string) error { *v.p = strings.TrimSpace(s); return nil }
func (v stringValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

type intValue struct{ p *int }

func (v intValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not an integer", s)
	}
	*v.p = n
	return nil
}
func (v intValue) String() string {
	if v.p == nil {
		return "0"
	}
	return strconv.Itoa(*v.p)
}

// sizeValue is a byte count: a plain integer or one with a KiB/MiB suffix.
type sizeValue struct{ p *int }

var sizeUnits = []struct {
	suffix string
	factor int
}{{"KiB", 1 << 10}, {"MiB", 1 << 20}}

func (v sizeValue) Set(s string) error {
	s = strings.TrimSpace(s)
	factor := 1
	for _, u := range sizeUnits {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, factor = strings.TrimSpace(rest), u.factor
			break
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("%q is not a size (an integer, optionally with KiB or MiB)", s)
	}
	*v.p = n * factor
	return nil
}
func (v sizeValue) String() string {
	if v.p == nil {
		return "0"
	}
	for _, u := range slices.Backward(sizeUnits) {
		if *v.p != 0 && *v.p%u.factor == 0 {
			return strconv.Itoa(*v.p/u.factor) + u.suffix
		}
	}
	return strconv.Itoa(*v.p)
}

type durationValue struct{ p *time.Duration }

func (v durationValue) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not a duration (such as 500ms, 5s, 1m)", s)
	}
	*v.p = d
	return nil
}
func (v durationValue) String() string {
	if v.p == nil {
		return "0s"
	}
	return v.p.String()
}

type boolValue struct{ p *bool }

func (v boolValue) Set(s string) error {
	b, err := strconv.ParseBool(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not a boolean (true or false)", s)
	}
	*v.p = b
	return nil
}
func (v boolValue) String() string   { return strconv.FormatBool(v.p != nil && *v.p) }
func (v boolValue) IsBoolFlag() bool { return true }

// listValue is a comma-separated list; empty items are dropped.
type listValue struct{ p *[]string }

func (v listValue) Set(s string) error {
	var items []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	*v.p = items
	return nil
}
func (v listValue) String() string {
	if v.p == nil {
		return ""
	}
	return strings.Join(*v.p, ",")
}

// choiceValue accepts one of a fixed set of words.
type choiceValue struct {
	p       *string
	choices []string
}

func (v choiceValue) Set(s string) error {
	s = strings.ToLower(strings.TrimSpace(s))
	if !slices.Contains(v.choices, s) {
		return fmt.Errorf("%q is not one of %s", s, strings.Join(v.choices, ", "))
	}
	*v.p = s
	return nil
}
func (v choiceValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

// cacheWritesValue is the cache's write policy, named as cache.ParseWrites
// reads it.
type cacheWritesValue struct{ p *cache.Writes }

func (v cacheWritesValue) Set(s string) error {
	w, err := cache.ParseWrites(strings.ToLower(strings.TrimSpace(s)))
	if err != nil {
		return err
	}
	*v.p = w
	return nil
}
func (v cacheWritesValue) String() string {
	if v.p == nil {
		return ""
	}
	return v.p.String()
}

// mechanismValue is a Kafka SASL mechanism, checked by streams.
type mechanismValue struct{ p *streams.SASLMechanism }

func (v mechanismValue) Set(s string) error {
	m, err := streams.ParseSASLMechanism(strings.TrimSpace(s))
	if err != nil {
		return err
	}
	*v.p = m
	return nil
}
func (v mechanismValue) String() string {
	if v.p == nil {
		return ""
	}
	return string(*v.p)
}
