package ratescmd

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams/rates"
)

// readRates parses the file, or stdin for "-".
func readRates(name string, stdin io.Reader) ([]domain.Rate, error) {
	r := stdin
	source := rates.StdinSource
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("rates file: %w", err)
		}
		defer f.Close()
		r, source = f, rates.FileSource(name)
	}
	now := time.Now()
	all, err := rates.ParseECB(r, source, now)
	if err == nil {
		err = notAhead(all, now)
	}
	if err != nil {
		return nil, fmt.Errorf("rates file %s: %w", name, err)
	}
	return all, nil
}

// notAhead refuses a file with a rate dated more than a day ahead of now:
// the rates processor would drop it (and only it), so the whole file is
// refused here instead, as for any other bad rate.
func notAhead(all []domain.Rate, now time.Time) error {
	for _, r := range all {
		if err := r.CheckNotAhead(now); err != nil {
			return fmt.Errorf("%s: %w", r.Currency, err)
		}
	}
	return nil
}

func dateRange(all []domain.Rate) (first, last string) {
	for _, r := range all {
		if first == "" || r.Date < first {
			first = r.Date
		}
		if r.Date > last {
			last = r.Date
		}
	}
	return first, last
}
