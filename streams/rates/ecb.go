package rates

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/txstream/txstream/domain"
)

// ParseECB reads an ECB euro reference-rates file and returns its rates,
// oldest date first (file order within a date), so that publishing them in
// order leaves the newest in the table even without Supersedes. It detects
// the format from the content:
//
//   - the daily XML (eurofxref-daily.xml): a gesmes:Envelope with one
//     <Cube time="..."> of <Cube currency=".." rate=".."/>;
//   - the 90-day and full historical XML (eurofxref-hist-90d.xml,
//     eurofxref-hist.xml): the same envelope with many dated Cubes;
//   - the daily CSV (eurofxref.csv): a header "Date, USD, JPY, ..., " and
//     one row "28 June 2024, 1.0705, ...";
//   - the historical CSV (eurofxref-hist.csv): "Date,USD,JPY,..." and rows
//     "2024-06-28,1.0705,..."; "N/A" and empty cells mean no rate;
//   - a zip archive (eurofxref.zip, eurofxref-hist.zip) holding one of them.
//
// Every rate is validated with domain.NewRate, quoted against EUR, with the
// given source and now as UpdatedAt. Currencies the ECB quoted before they
// were withdrawn (see withdrawn) are skipped; any other bad value fails the
// whole file with a *LineError naming the line and currency, so that a
// broken file is never half-imported.
func ParseECB(r io.Reader, source string, now time.Time) ([]domain.Rate, error) {
	return parse(r, source, now, true)
}

func parse(r io.Reader, source string, now time.Time, zipAllowed bool) ([]domain.Rate, error) {
	br := bufio.NewReader(r)
	head, err := sniff(br)
	if err != nil {
		return nil, err
	}
	var rates []domain.Rate
	switch {
	case bytes.HasPrefix(head, []byte("<")):
		rates, err = parseXML(br, source, now)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) && zipAllowed:
		return parseZip(br, source, now)
	case bytes.HasPrefix(bytes.ToLower(head), []byte("date")):
		rates, err = parseCSV(br, source, now)
	default:
		return nil, fmt.Errorf("%w: starts with %q", ErrUnknownFormat, head)
	}
	if err != nil {
		return nil, err
	}
	if len(rates) == 0 {
		return nil, ErrNoRates
	}
	slices.SortStableFunc(rates, func(a, b domain.Rate) int { return compareStrings(a.Date, b.Date) })
	return rates, nil
}

// sniff skips a byte-order mark and leading space and returns the first
// bytes of the content without consuming them.
func sniff(br *bufio.Reader) ([]byte, error) {
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	for {
		b, err := br.Peek(1)
		if err == io.EOF {
			return nil, fmt.Errorf("%w: empty input", ErrUnknownFormat)
		}
		if err != nil {
			return nil, fmt.Errorf("read reference rates: %w", err)
		}
		if !isSpace(b[0]) {
			break
		}
		_, _ = br.Discard(1)
	}
	head, err := br.Peek(8)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("read reference rates: %w", err)
	}
	return head, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
