package metrics

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Streams turns the processors' hook into the business and processing
// families. It implements streams.Observer; pass it as the Observer of
// every processor (pipeline.Options.Observer).
type Streams struct {
	processed   *prometheus.CounterVec
	duplicates  *prometheus.CounterVec
	conflicts   *prometheus.CounterVec
	malformed   *prometheus.CounterVec
	refused     *prometheus.CounterVec
	transitions *prometheus.CounterVec
	finished    *prometheus.CounterVec
	conversions *prometheus.CounterVec
	restarts    *prometheus.CounterVec
	deadLetters *prometheus.CounterVec
}

var (
	_ streams.Observer = (*Streams)(nil)
	_ streams.Refusals = (*Streams)(nil)
)

// NewStreams registers the stream families on reg.
func NewStreams(reg prometheus.Registerer) (*Streams, error) {
	s := &Streams{
		processed: counterVec("stream_messages_processed_total",
			"Input messages handled, by consumer group and topic.", "group", "topic"),
		duplicates: counterVec("stream_duplicates_total",
			"Input messages that changed nothing because they were seen before (at-least-once redelivery, client retries).", "group", "topic"),
		conflicts: counterVec("stream_conflicts_total",
			"Input messages that reused an id with a different body; the original stays.", "group", "topic"),
		malformed: counterVec("stream_malformed_total",
			"Input messages that could not be decoded.", "group", "topic"),
		refused: counterVec("stream_refused_total",
			"Input messages that decoded but were not applied because of what they say, by the processor's reason (a rate dated ahead, for instance).", "group", "topic", "reason"),
		transitions: counterVec("transaction_transitions_total",
			"Status changes of transactions, by the status entered.", "status"),
		finished: counterVec("transactions_finished_total",
			"Transactions that reached a terminal status, by status and failure reason (empty when completed).", "status", "reason"),
		restarts: counterVec("stream_processor_restarts_total",
			"Processors that failed (for instance during a broker outage) and were restarted, by consumer group.", "group"),
		conversions: counterVec("conversions_total",
			"Finished conversions, by currency pair, status and failure reason; currencies that are not ISO 4217 codes are \"invalid\".", "from", "to", "status", "reason"),
		deadLetters: counterVec("dead_letters_total",
			"Records a processor could not apply and wrote to the dead-letter topic, by consumer group, source topic (an input or a table) and reason.", "group", "topic", "reason"),
	}
	if err := s.statusesAtZero(); err != nil {
		return nil, err
	}
	err := register(reg, s.processed, s.duplicates, s.conflicts, s.malformed, s.refused, s.transitions, s.finished, s.conversions, s.restarts, s.deadLetters)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// statusesAtZero creates the series of every status entered and of every
// way a transaction finishes: completed (no reason) or failed by a reason.
func (s *Streams) statusesAtZero() error {
	var terminal []string
	for _, st := range domain.Statuses {
		if st.Terminal() && st != domain.StatusFailed {
			terminal = append(terminal, string(st))
		}
	}
	return errors.Join(
		atZero(s.transitions.MetricVec, words(domain.Statuses)),
		atZero(s.finished.MetricVec, terminal, []string{""}),
		atZero(s.finished.MetricVec, []string{string(domain.StatusFailed)}, words(domain.Reasons)),
	)
}

// Processed counts one handled input message.
func (s *Streams) Processed(group, topic string) {
	s.processed.WithLabelValues(group, topic).Inc()
}

// Transition counts a status change and, when terminal, a finished
// transaction.
func (s *Streams) Transition(ev domain.StatusEvent) {
	status := statusLabel(ev.Status)
	s.transitions.WithLabelValues(status).Inc()
	if ev.Status.Terminal() {
		s.finished.WithLabelValues(status, reasonLabel(ev.Reason)).Inc()
	}
}

// Converted counts a finished conversion by its currency pair.
func (s *Streams) Converted(c domain.Conversion) {
	s.conversions.WithLabelValues(currencyLabel(c.From), currencyLabel(c.To),
		statusLabel(c.Status), reasonLabel(c.Reason)).Inc()
}

// Duplicate counts a message that changed nothing.
func (s *Streams) Duplicate(group, topic string) {
	s.duplicates.WithLabelValues(group, topic).Inc()
}

// Conflict counts an id reused with another body.
func (s *Streams) Conflict(group, topic string) {
	s.conflicts.WithLabelValues(group, topic).Inc()
}

// Malformed counts a message that could not be decoded.
func (s *Streams) Malformed(group, topic string) {
	s.malformed.WithLabelValues(group, topic).Inc()
}

// DeadLettered counts a record written to the dead-letter topic.
func (s *Streams) DeadLettered(group, topic string, reason string) {
	s.deadLetters.WithLabelValues(group, topic, reason).Inc()
}

// Refused counts a message that decoded but was not applied, by reason.
func (s *Streams) Refused(group, topic, reason string) {
	s.refused.WithLabelValues(group, topic, reason).Inc()
}

// Restarted counts a failed processor's restart.
func (s *Streams) Restarted(group string) {
	s.restarts.WithLabelValues(group).Inc()
}
