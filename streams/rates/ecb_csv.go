package rates

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/txstream/txstream/domain"
)

// dailyDateLayout is the date of the daily CSV: "28 June 2024".
const dailyDateLayout = "2 January 2006"

// parseCSV reads the daily CSV (", "-separated, dates like "28 June 2024")
// and the historical CSV (","-separated, ISO dates); both end their lines
// with a separator, so the last column is empty.
func parseCSV(r io.Reader, source string, now time.Time) ([]domain.Rate, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	header, err := readHeader(cr)
	if err != nil {
		return nil, err
	}
	c := newCollector(source, now)
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return c.rates, nil
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if err := header.row(c, line, row); err != nil {
			return nil, err
		}
	}
}

// csvHeader holds the currency of every column; "" marks the date column
// and empty trailing columns.
type csvHeader struct {
	codes []string
	width int // columns up to the last currency
}

func readHeader(cr *csv.Reader) (csvHeader, error) {
	rec, err := cr.Read()
	if err != nil {
		return csvHeader{}, csvError(err)
	}
	if !strings.EqualFold(strings.TrimSpace(rec[0]), "date") {
		return csvHeader{}, fmt.Errorf("%w: first column is %q, not Date", ErrUnknownFormat, rec[0])
	}
	h := csvHeader{codes: make([]string, len(rec))}
	for i := 1; i < len(rec); i++ {
		code := strings.TrimSpace(rec[i])
		if code == "" {
			continue
		}
		if _, err := domain.ParseCurrency(code); err != nil && !withdrawn[code] {
			return csvHeader{}, &LineError{Line: 1, Currency: code, Err: err}
		}
		h.codes[i], h.width = code, i+1
	}
	if h.width == 0 {
		return csvHeader{}, &LineError{Line: 1, Err: fmt.Errorf("%w: header names no currency", ErrSyntax)}
	}
	return h, nil
}

// row adds the rates of one data row. Cells past the last currency must be
// empty; missing trailing cells are refused, since they are what a
// truncated download looks like.
func (h csvHeader) row(c *collector, line int, row []string) error {
	if len(row) < h.width {
		return &LineError{Line: line, Err: fmt.Errorf("%w: %d cells, the header has %d columns", ErrSyntax, len(row), h.width)}
	}
	for i := h.width; i < len(row); i++ {
		if strings.TrimSpace(row[i]) != "" {
			return &LineError{Line: line, Err: fmt.Errorf("%w: value %q in column %d has no currency", ErrSyntax, row[i], i+1)}
		}
	}
	date, err := rowDate(line, row[0])
	if err != nil {
		return err
	}
	for i := 1; i < h.width; i++ {
		if err := h.cell(c, line, i, strings.TrimSpace(row[i]), date); err != nil {
			return err
		}
	}
	return nil
}

func (h csvHeader) cell(c *collector, line, col int, value, date string) error {
	code := h.codes[col]
	switch {
	case value == "" || value == "N/A":
		return nil
	case code == "":
		return &LineError{Line: line, Err: fmt.Errorf("%w: value %q in column %d has no currency", ErrSyntax, value, col+1)}
	}
	return c.add(line, code, value, date)
}

// rowDate accepts the historical file's ISO date and the daily file's
// "28 June 2024" and returns the ISO form.
func rowDate(line int, cell string) (string, error) {
	cell = strings.TrimSpace(cell)
	for _, layout := range []string{domain.DateLayout, dailyDateLayout} {
		if d, err := time.Parse(layout, cell); err == nil {
			return d.Format(domain.DateLayout), nil
		}
	}
	return "", &LineError{Line: line, Err: fmt.Errorf("%w: date %q is neither YYYY-MM-DD nor like %q", ErrSyntax, cell, dailyDateLayout)}
}

// csvError turns a csv.ParseError into a LineError so that every import
// error names its line the same way.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &LineError{Line: pe.Line, Err: fmt.Errorf("%w: %v", ErrSyntax, pe.Err)}
	}
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: empty input", ErrUnknownFormat)
	}
	return fmt.Errorf("read reference rates: %w", err)
}
