package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/webhooks"
)

// webhookSettings are the webhooks' rows of the configuration table: their
// topics and groups, the retry schedule, the attempt timeout, the SSRF
// guard's allowance of private addresses (on under dev, where the receiver
// is likely on localhost), and the grace of a rotated secret.
func webhookSettings(c *config, d streams.Config) []setting {
	o := webhooks.DefaultOptions()
	return []setting{
		set("topic-webhooks", stringValue{&c.Topics.Webhooks}, d.Topics.Webhooks,
			"compacted topic of the webhook registrations, signing secrets included: restrict it with ACLs (SECURITY.md)", cmdRuntime),
		set("topic-webhook-deliveries", stringValue{&c.Topics.WebhookDeliveries}, d.Topics.WebhookDeliveries,
			"topic of webhook delivery outcomes, read by the webhook-deliveries group", cmdRuntime),
		set("group-webhooks", stringValue{&c.Groups.Webhooks}, d.Groups.Webhooks,
			"consumer group (and table) of the webhooks processor, which delivers the status changes", cmdRuntime),
		set("group-webhook-deliveries", stringValue{&c.Groups.WebhookDeliveries}, d.Groups.WebhookDeliveries,
			"consumer group (and table) of the recent webhook deliveries per endpoint", cmdRuntime),
		set("webhook-retries", retriesValue{&c.Webhooks.Retries}, webhooks.DefaultRetries,
			"delays before each retry of a webhook message that got no 2xx, comma-separated, each with ±10% jitter; after the last the message is dead-lettered", cmdRuntime),
		set("webhook-timeout", durationValue{&c.Webhooks.Timeout}, o.Timeout.String(),
			"longest one webhook attempt may take, connection included; past it the attempt failed", cmdRuntime),
		set("webhook-workers", intValue{&c.Webhooks.Workers}, strconv.Itoa(o.Workers),
			"webhook attempts in flight at once in each process with the processor role", cmdRuntime),
		set("webhook-endpoint-concurrency", intValue{&c.Webhooks.PerEndpoint}, strconv.Itoa(o.PerEndpoint),
			"webhook attempts in flight at once to one endpoint from each process (at most --webhook-workers): bounds what a slow endpoint holds, and one endpoint's throughput", cmdRuntime),
		set("webhook-allow-private", boolValue{&c.Webhooks.AllowPrivate}, "false",
			"let webhook endpoints be on loopback, private and link-local addresses (refused otherwise, at registration and at every connection); on under dev, whose receiver is likely on localhost", cmdRuntime).dev("true"),
		set("webhook-secret-grace", durationValue{&c.Webhooks.SecretGrace}, webhooks.DefaultGrace.String(),
			"how long a rotated webhook secret keeps signing beside the new one", cmdRuntime),
	}
}

// retriesValue is a retry schedule: durations, comma-separated.
type retriesValue struct{ p *[]time.Duration }

func (v retriesValue) Set(s string) error {
	r, err := webhooks.ParseRetries(s)
	if err != nil {
		return fmt.Errorf("%q is not a list of positive durations (such as 5s,5m,30m): %w", s, err)
	}
	*v.p = r
	return nil
}

func (v retriesValue) String() string {
	if v.p == nil {
		return ""
	}
	return webhooks.FormatRetries(*v.p)
}

// checkWebhooks refuses attempt bounds that would stop every delivery, or
// one endpoint's share that the process's bound cannot hold.
func (c *config) checkWebhooks(cmd command) error {
	if cmd&cmdRuntime == 0 {
		return nil
	}
	switch w := c.Webhooks; {
	case w.Workers < 1:
		return invalid("webhook-workers", "%d, need at least 1", w.Workers)
	case w.PerEndpoint < 1 || w.PerEndpoint > w.Workers:
		return invalid("webhook-endpoint-concurrency", "%d, need 1 to --webhook-workers (%d)", w.PerEndpoint, w.Workers)
	}
	return nil
}
