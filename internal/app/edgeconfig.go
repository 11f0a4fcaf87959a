package app

import (
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/metrics"
)

// edgeConfig maps the configuration onto the three services; the process
// address (admin) takes their limits too.
func edgeConfig(c Config, reg *prometheus.Registry, obs *metrics.Edge, log *slog.Logger) edge.Config {
	ec := edge.DefaultConfig()
	ec.TransactionAddr = c.TransactionAddr
	ec.ConverterAddr = c.ConverterAddr
	ec.ManagerAddr = c.ManagerAddr
	ec.MaxBodyBytes = c.MaxBodyBytes
	ec.MaxBatch = c.MaxBatch
	ec.MaxBatchBodyBytes = c.MaxBatchBodyBytes
	ec.MaxInFlight = c.MaxInFlight
	ec.MaxLongPolls = c.MaxLongPolls
	ec.WaitMax = c.LongPollMax
	ec.MaxEventStreams = c.MaxEventStreams
	ec.EventKeepAlive = c.EventKeepAlive
	ec.EventWriteTimeout = c.EventWriteTimeout
	// The actors fail a produce at ProduceTimeout, and a transaction's
	// wait for the table's verdict after it; the edge waits a little
	// longer so that their precise error is the one answered.
	ec.SubmitTimeout = c.ProduceTimeout + time.Second
	ec.VerdictTimeout = c.verdictTimeout()
	ec.ShutdownTimeout = budget(stageFront, c.ShutdownTimeout)
	ec.Metrics = metrics.Handler(reg)
	if obs != nil {
		ec.Observer = obs
	}
	ec.Classify = classify
	ec.Logger = log.With("component", "edge")
	return ec
}
