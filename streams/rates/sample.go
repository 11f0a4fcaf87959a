package rates

import (
	"bytes"
	_ "embed"
	"fmt"
	"time"

	"github.com/txstream/txstream/domain"
)

// SampleSource is the source recorded with the rates of Sample, so that a
// conversion made with them says so.
const SampleSource = "ecb-sample"

//go:embed sample/eurofxref-sample.xml
var sampleXML []byte

// Sample returns the rates of the sample file shipped with txstream: the
// ECB daily file of one past date, for the dev mode. They are not live
// rates; their Date says how old they are.
//
// Their UpdatedAt is fixed at the sample's date, 14:00 UTC (the ECB
// publishes at about 16:00 Frankfurt time), not the time of the call. So
// publishing the sample at every start changes nothing once it is in the
// table, and never displaces a rate set later for the same date or any
// rate of a later date.
func Sample() ([]domain.Rate, error) {
	rates, err := ParseECB(bytes.NewReader(sampleXML), SampleSource, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("sample rates: %w", err)
	}
	for i := range rates {
		day, err := time.Parse(domain.DateLayout, rates[i].Date)
		if err != nil {
			return nil, fmt.Errorf("sample rates: %w", err)
		}
		rates[i].UpdatedAt = day.Add(14 * time.Hour)
	}
	return rates, nil
}
