package testenv

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// FamiliesWithOpenLabels returns the documented families that a fresh
// process may not export yet, and why: their label values are not known
// before the events that create them (some of which, such as the
// producer's first connection, happen at the start). Every other
// documented family is on /metrics from the start (README, Operations ->
// Metrics).
func FamiliesWithOpenLabels() map[string]string {
	open := map[string]string{
		"txstream_http_requests_total":           "method and code are what clients send and the services answer; the first request, a probe included, creates them",
		"txstream_http_request_duration_seconds": "method: what clients send",
		"txstream_conversions_total":             "from and to: any pair of ISO 4217 codes",
		"txstream_stream_refused_total":          "reason: each processor's own refusals",
	}
	for _, f := range []string{"connects_total", "connect_errors_total", "disconnects_total", "write_bytes_total",
		"write_errors_total", "read_bytes_total", "read_errors_total", "request_duration_e2e_seconds",
		"request_throttled_seconds", "produce_uncompressed_bytes_total", "produce_batches_total", "produce_records_total"} {
		open["txstream_producer_client_"+f] = "node_id: the brokers the producer's client meets (kprom)"
	}
	return open
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
