package testenv

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// FamiliesWithOpenLabels are the documented families that a fresh process
// cannot export, and why: their label values are not known before the
// events that create them. Every other documented family is on /metrics
// from the start (README, Operations -> Metrics).
var FamiliesWithOpenLabels = map[string]string{
	"txstream_http_requests_total":           "method and code are what clients send and the services answer; the first request, a probe included, creates them",
	"txstream_http_request_duration_seconds": "method: what clients send",
	"txstream_conversions_total":             "from and to: any pair of ISO 4217 codes",
	"txstream_stream_refused_total":          "reason: each processor's own refusals",
}

var documentedFamily = regexp.MustCompile("(?m)^- `(txstream_[a-z0-9_]+)`")

// DocumentedFamilies reads the families the README at path lists in its
// "### Metrics" section, one "- `name`" line each, and counts how often
// each is listed.
func DocumentedFamilies(path string) (map[string]int, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	_, section, ok := strings.Cut(string(raw), "\n### Metrics\n")
	if !ok {
		return nil, fmt.Errorf("%s has no ### Metrics section", path)
	}
	if end := strings.Index(section, "\n#"); end >= 0 {
		section = section[:end]
	}
	listed := map[string]int{}
	for _, m := range documentedFamily.FindAllStringSubmatch(section, -1) {
		listed[m[1]]++
	}
	return listed, nil
}
