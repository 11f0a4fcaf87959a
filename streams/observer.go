package streams

import "github.com/txstream/txstream/domain"

// Observer is told what the processors do, so that metrics live beside the
// code they observe without calls sprinkled through the business logic.
// Every method must be safe for concurrent use and must not block.
type Observer interface {
	// Processed: one input message of topic handled by group.
	Processed(group, topic string)
	// Transition: a transaction changed status (one StatusEvent per change).
	Transition(ev domain.StatusEvent)
	// Converted: a conversion finished, completed or failed.
	Converted(c domain.Conversion)
	// Duplicate: a message changed nothing because it was seen before.
	Duplicate(group, topic string)
	// Conflict: an id was reused with a different body; the original stays.
	Conflict(group, topic string)
	// Malformed: a message could not be decoded.
	Malformed(group, topic string)
	// Restarted: the processor of group failed and is being restarted.
	Restarted(group string)
	// DeadLettered: group wrote a record of topic (an input or its table)
	// that it cannot apply to the dead-letter topic, for reason.
	DeadLettered(group, topic, reason string)
}

// NopObserver ignores everything; it is the default.
type NopObserver struct{}

func (NopObserver) Processed(string, string)            {}
func (NopObserver) Transition(domain.StatusEvent)       {}
func (NopObserver) Converted(domain.Conversion)         {}
func (NopObserver) Duplicate(string, string)            {}
func (NopObserver) Conflict(string, string)             {}
func (NopObserver) Malformed(string, string)            {}
func (NopObserver) Restarted(string)                    {}
func (NopObserver) DeadLettered(string, string, string) {}

// Refusals is what an Observer may also implement to hear of records that
// decode but are refused for what they say (a rate dated years ahead, for
// instance), with a stable reason code of the refusing processor. It is
// kept apart from Observer so that observers written before it still
// compile; such records are where a dead-letter topic will hook in.
type Refusals interface {
	Refused(group, topic, reason string)
}

// Refuse tells o of a refused record: through Refused when o implements
// Refusals, else as Malformed, so that every dropped record is counted.
func Refuse(o Observer, group, topic, reason string) {
	if r, ok := o.(Refusals); ok {
		r.Refused(group, topic, reason)
		return
	}
	o.Malformed(group, topic)
}

// Refused ignores a refusal.
func (NopObserver) Refused(string, string, string) {}
