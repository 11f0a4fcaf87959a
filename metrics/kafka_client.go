package metrics

import (
	"regexp"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/plugin/kprom"
)

// KafkaClientSubsystem names the families of the producer's kgo client:
// txstream_producer_client_*.
const KafkaClientSubsystem = "producer_client"

// NewKafkaClient returns the hooks that export the producer's kgo client
// metrics on reg, through franz-go's plugin/kprom: connections, bytes and
// errors per broker (node_id), the time of each request to a broker and of
// its throttling, batches, records and bytes produced per broker and
// topic, and the bytes the client buffers. Pass them to the client with
// kgo.WithHooks; its families are registered when the client is created
// and unregistered when it is closed, so one client at a time may use reg.
//
// They complement ProducerMetrics, which counts what each caller was
// answered (acknowledged, failed by cause, outcome unknown): kprom sees
// the client's side of the same records.
func NewKafkaClient(reg prometheus.Registerer) *kprom.Metrics {
	return kprom.NewMetrics(Namespace,
		kprom.Registerer(producerFamilies{reg}),
		kprom.Subsystem(KafkaClientSubsystem),
		kprom.FetchAndProduceDetail(kprom.ByNode, kprom.ByTopic, kprom.Batches, kprom.Records,
			kprom.UncompressedBytes, kprom.ConsistentNaming),
		kprom.Histograms(kprom.RequestDurationE2E, kprom.RequestThrottled),
		kprom.Buckets(latencyBuckets),
	)
}

// producerFamilies registers the kprom families a producer can fill and
// leaves out the rest: kprom registers the consumer's (fetch_*,
// buffered_fetch_*), compressed bytes (txstream does not compress) and the
// histograms it was not asked for all the same, and those would stay empty
// or at zero forever. buffered_produce_records_total is left out too: a
// gauge named like a counter, which promtool refuses; the bytes buffered
// tell the same story.
type producerFamilies struct{ prometheus.Registerer }

var producerFamily = regexp.MustCompile(`fqName: "` + Namespace + "_" + KafkaClientSubsystem + `_(` +
	`connects_total|connect_errors_total|disconnects_total|` +
	`write_bytes_total|write_errors_total|read_bytes_total|read_errors_total|` +
	`request_duration_e2e_seconds|request_throttled_seconds|` +
	`produce_uncompressed_bytes_total|produce_batches_total|produce_records_total|` +
	`buffered_produce_bytes)"`)

// Register registers c when it is a producer's family and drops it
// otherwise.
func (r producerFamilies) Register(c prometheus.Collector) error {
	if !describesProducerFamily(c) {
		return nil
	}
	return r.Registerer.Register(c)
}

// MustRegister registers the producer's families of cs.
func (r producerFamilies) MustRegister(cs ...prometheus.Collector) {
	for _, c := range cs {
		if err := r.Register(c); err != nil {
			panic(err)
		}
	}
}

// describesProducerFamily reads the one descriptor of a kprom family;
// prometheus.Desc shows its name only in its String form.
func describesProducerFamily(c prometheus.Collector) bool {
	ch := make(chan *prometheus.Desc, 1)
	go func() { c.Describe(ch); close(ch) }()
	found := false
	for d := range ch {
		found = found || producerFamily.MatchString(d.String())
	}
	return found
}
