package pipeline_test

import (
	"testing"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestPipelineSecured runs the whole pipeline (every processor, the views,
// the producer, the rates gate) on a broker that speaks TLS only, requires
// a SASL login and checks ACLs: every client txstream builds must log in,
// or the transactions never become terminal. Each kind of transaction of
// the mix is driven and every table checked exactly. The refusals of
// strangers are streams' TestSecuredBrokerRefusesStrangers.
func TestPipelineSecured(t *testing.T) {
	for _, m := range []streams.SASLMechanism{streams.SASLScramSHA512, streams.SASLPlain} {
		t.Run(string(m), func(t *testing.T) {
			h := newHarnessOn(t, testenv.NewSASLKafka(t, m, "pipeline-"+string(m)).StreamsConfig(t, 4))
			run := h.start(t)
			const n = 64 // every kind of the mix, eight times
			h.drive(t, 0, n)
			h.waitTerminal(t, n)
			run.stop(t)
			h.verify(t)
		})
	}
}
