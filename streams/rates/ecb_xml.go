package rates

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/txstream/txstream/domain"
)

// parseXML reads the gesmes:Envelope of the daily, 90-day and historical
// XML files. It streams tokens rather than unmarshalling the whole tree so
// that every error can name its line, and so that the full history (some
// 200,000 rates) is never held twice.
func parseXML(r io.Reader, source string, now time.Time) ([]domain.Rate, error) {
	p := &xmlParser{dec: xml.NewDecoder(r), c: newCollector(source, now)}
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.c.rates, nil
}

type xmlParser struct {
	dec *xml.Decoder
	c   *collector
	// cubes holds, for every open Cube element, the date it opened ("" for
	// the outer and the rate Cubes); day is the innermost date.
	cubes  []string
	day    string
	rooted bool
}

func (p *xmlParser) run() error {
	for {
		tok, err := p.dec.Token()
		if errors.Is(err, io.EOF) {
			return p.finish()
		}
		if err != nil {
			return p.lineError("", fmt.Errorf("%w: %v", ErrSyntax, err))
		}
		if err := p.token(tok); err != nil {
			return err
		}
	}
}

func (p *xmlParser) token(tok xml.Token) error {
	switch el := tok.(type) {
	case xml.StartElement:
		return p.start(el)
	case xml.EndElement:
		if el.Name.Local == "Cube" && len(p.cubes) > 0 {
			p.cubes = p.cubes[:len(p.cubes)-1]
			p.day = innermostDate(p.cubes)
		}
	}
	return nil
}

func (p *xmlParser) start(el xml.StartElement) error {
	if !p.rooted {
		if el.Name.Local != "Envelope" {
			return fmt.Errorf("%w: XML root is <%s>, not a gesmes:Envelope", ErrUnknownFormat, el.Name.Local)
		}
		p.rooted = true
		return nil
	}
	if el.Name.Local != "Cube" {
		return nil
	}
	return p.cube(attrs(el))
}

// cube handles one Cube element: a dated one opens a day, a currency one is
// a rate of the open day, any other just groups.
func (p *xmlParser) cube(a map[string]string) error {
	line, _ := p.dec.InputPos()
	date, dated := a["time"]
	code, quoted := a["currency"]
	switch {
	case dated:
		if err := checkDate(line, date); err != nil {
			return err
		}
		p.day = date
	case quoted && p.day == "":
		return &LineError{Line: line, Currency: code, Err: fmt.Errorf("%w: rate outside a dated Cube", ErrSyntax)}
	case quoted:
		if err := p.c.add(line, code, a["rate"], p.day); err != nil {
			return err
		}
	}
	p.cubes = append(p.cubes, date)
	return nil
}

func (p *xmlParser) finish() error {
	if !p.rooted {
		return fmt.Errorf("%w: no XML element", ErrUnknownFormat)
	}
	return nil
}

func (p *xmlParser) lineError(code string, err error) error {
	line, _ := p.dec.InputPos()
	return &LineError{Line: line, Currency: code, Err: err}
}

func attrs(el xml.StartElement) map[string]string {
	m := make(map[string]string, len(el.Attr))
	for _, a := range el.Attr {
		m[a.Name.Local] = a.Value
	}
	return m
}

func innermostDate(cubes []string) string {
	for i := len(cubes) - 1; i >= 0; i-- {
		if cubes[i] != "" {
			return cubes[i]
		}
	}
	return ""
}
