package metrics

import "github.com/prometheus/client_golang/prometheus"

// The files a process watches and reloads without a restart.
const (
	FileAPIKeys = "api_keys" // --api-keys
	FileTLS     = "tls"      // --tls-cert, --tls-key, --tls-client-ca
)

// Reloads counts the reloads of the watched files, so that an alert sees a
// key file or a certificate that no longer loads (the previous one stays
// in force, which nothing else would show).
type Reloads struct {
	reloads *prometheus.CounterVec
}

// NewReloads registers txstream_reloads_total.
func NewReloads(reg prometheus.Registerer) (*Reloads, error) {
	r := &Reloads{reloads: counterVec("reloads_total",
		"Reloads of a watched file after it changed, by file (api_keys, tls) and result (ok; error: the previous contents stay in force).",
		"file", "result")}
	if err := atZero(r.reloads.MetricVec, []string{FileAPIKeys, FileTLS}, []string{"ok", "error"}); err != nil {
		return nil, err
	}
	return r, register(reg, r.reloads)
}

// Reloaded counts one reload of file: nil err is a success.
func (r *Reloads) Reloaded(file string, err error) {
	result := "ok"
	if err != nil {
		result = "error"
	}
	r.reloads.WithLabelValues(file, result).Inc()
}
