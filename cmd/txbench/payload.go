package main

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"sync/atomic"

	"github.com/govalues/money"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams/rates"
)

// currency is a code of the sample rates with its minor-unit digits, so
// that every generated amount is valid for its currency.
type currency struct {
	code  string
	scale int
}

// mix is the shape of the generated transactions: currencies the dev
// mode has rates for, and the share that names another target currency
// (and so goes through the conversions processor).
type mix struct {
	currencies   []currency
	convertShare float64
	idPrefix     string
	seq          atomic.Uint64 // shared by every generator: ids never repeat
}

// newMix reads the currencies of the sample rates (and the base, EUR).
func newMix(convertShare float64) (*mix, error) {
	sample, err := rates.Sample()
	if err != nil {
		return nil, err
	}
	codes := []string{domain.BaseCurrency}
	for _, r := range sample {
		codes = append(codes, r.Currency)
	}
	m := &mix{convertShare: convertShare, idPrefix: "bench-" + runID() + "-"}
	for _, code := range codes {
		c, err := money.ParseCurr(code)
		if err != nil {
			return nil, fmt.Errorf("sample currency %s: %w", code, err)
		}
		m.currencies = append(m.currencies, currency{code: code, scale: c.Scale()})
	}
	if len(m.currencies) < 2 {
		return nil, fmt.Errorf("sample rates name %d currencies, need two", len(m.currencies))
	}
	return m, nil
}

// runID tells this run's ids from any earlier run's on the same broker.
func runID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// generator builds request bodies for one worker, reusing its buffer: a
// body is valid until the next call.
type generator struct {
	m   *mix
	rng *mrand.Rand
	buf []byte
}

func (m *mix) generator() *generator {
	var seed [16]byte
	_, _ = rand.Read(seed[:])
	s1, s2 := binary.LittleEndian.Uint64(seed[:8]), binary.LittleEndian.Uint64(seed[8:])
	return &generator{m: m, rng: mrand.New(mrand.NewPCG(s1, s2)), buf: make([]byte, 0, 256)}
}

// body is one transaction: a new id, an amount valid in a random
// currency, a different target currency for convertShare of them, and a
// little metadata on one in four. id aliases the returned body.
func (g *generator) body() (body []byte, id []byte, converts bool) {
	seq := g.m.seq.Add(1)
	from := g.m.currencies[g.rng.IntN(len(g.m.currencies))]
	b := append(g.buf[:0], `{"id":"`...)
	idStart := len(b)
	b = append(b, g.m.idPrefix...)
	b = strconv.AppendUint(b, seq, 10)
	idEnd := len(b)
	b = append(b, `","amount":"`...)
	b = g.amount(b, from.scale)
	b = append(b, `","currency":"`...)
	b = append(b, from.code...)
	b = append(b, '"')
	if converts = g.rng.Float64() < g.m.convertShare; converts {
		b = append(b, `,"target_currency":"`...)
		b = append(b, g.other(from.code)...)
		b = append(b, '"')
	}
	if g.rng.IntN(4) == 0 {
		b = append(b, `,"metadata":{"channel":"web","customer":"c-`...)
		b = strconv.AppendInt(b, int64(g.rng.IntN(100000)), 10)
		b = append(b, `"}`...)
	}
	b = append(b, '}')
	g.buf = b
	return b, b[idStart:idEnd], converts
}

// amount appends 1 to 99999 units with scale random minor digits.
func (g *generator) amount(b []byte, scale int) []byte {
	b = strconv.AppendInt(b, int64(1+g.rng.IntN(99999)), 10)
	if scale == 0 {
		return b
	}
	b = append(b, '.')
	for range scale {
		b = append(b, byte('0'+g.rng.IntN(10)))
	}
	return b
}

// other is a currency code other than from.
func (g *generator) other(from string) string {
	for {
		c := g.m.currencies[g.rng.IntN(len(g.m.currencies))]
		if c.code != from {
			return c.code
		}
	}
}
