package main

import "strconv"

// eventSettings are the bounds of the event streams (GET
// /transactions/{id}/events, GET /transactions/events).
func eventSettings(c *config, d defaults) []setting {
	return []setting{
		set("max-event-streams", intValue{&c.MaxEventStreams}, strconv.Itoa(d.edge.MaxEventStreams),
			"event streams open at once in each service, counted apart from --max-in-flight and --max-long-polls; more get 503 with Retry-After", cmdRuntime),
		set("event-keepalive", durationValue{&c.EventKeepAlive}, d.edge.EventKeepAlive.String(),
			"how long an event stream stays silent before it sends a keep-alive comment", cmdRuntime),
		set("event-write-timeout", durationValue{&c.EventWriteTimeout}, d.edge.EventWriteTimeout.String(),
			"longest an event stream waits for its client to take a write; a slower reader is cut off, never buffered for", cmdRuntime),
	}
}

func (c *config) checkEvents(cmd command) error {
	if cmd&cmdRuntime == 0 {
		return nil
	}
	switch {
	case c.MaxEventStreams < 1:
		return invalid("max-event-streams", "%d, need at least 1", c.MaxEventStreams)
	case c.EventKeepAlive <= 0:
		return invalid("event-keepalive", "%s, need more than 0", c.EventKeepAlive)
	case c.EventWriteTimeout <= 0:
		return invalid("event-write-timeout", "%s, need more than 0", c.EventWriteTimeout)
	}
	return nil
}
