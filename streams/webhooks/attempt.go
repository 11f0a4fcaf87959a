package webhooks

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/txstream/txstream/domain"
)

// attempt makes one attempt of s's message and hands its outcome to the
// producer. The worker is free once the answer is in: the outcome's
// acknowledgement is awaited by the producer's callback, not by a worker,
// so that an endpoint's throughput is not bounded by Kafka's latency.
func (d *Dispatcher) attempt(ctx context.Context, txID string, s *slot, m message) {
	out := outcome{Schema: domain.SchemaVersion, Endpoint: m.Endpoint, WebhookID: m.WebhookID, Attempt: m.Attempts + 1}
	if ep := d.registry.Get(m.Endpoint); ep == nil {
		out.Gone = true
	} else {
		out.Status, out.Error = d.post(ctx, ep, m)
		out.Delivered = out.Error == "" && out.Status >= 200 && out.Status < 300
	}
	out.At = d.o.Clock().UTC()
	d.release(m.Endpoint)
	if ctx.Err() != nil {
		d.reported(s, ctx.Err()) // stopping: the next owner tries again
		return
	}
	d.report(ctx, txID, out, func(err error) {
		if err != nil {
			d.o.Logger.Warn("webhook outcome not recorded; the attempt will be made again",
				"endpoint", m.Endpoint, "webhook_id", m.WebhookID, "err", err)
		}
		d.reported(s, err)
	})
}

// post sends the message to ep, signed with every secret in force, and
// returns the status, or why there is none. A redirect is not followed:
// it is a status like any other non-2xx.
func (d *Dispatcher) post(ctx context.Context, ep *domain.WebhookEndpoint, m message) (int, string) {
	start := time.Now()
	status, result, err := d.send(ctx, ep, m)
	d.o.Webhooks.Attempted(result, time.Since(start))
	if err != nil {
		return status, err.Error()
	}
	return status, ""
}

func (d *Dispatcher) send(ctx context.Context, ep *domain.WebhookEndpoint, m message) (int, string, error) {
	now := d.o.Clock()
	sig, err := signature(ep.Secrets(now), m.WebhookID, now, m.Body)
	if err != nil {
		return 0, ResultError, err
	}
	ctx, cancel := context.WithTimeout(ctx, d.o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(m.Body))
	if err != nil {
		return 0, ResultError, err
	}
	req.Header.Set("content-type", "application/json")
	req.Header.Set("user-agent", "txstream-webhooks")
	req.Header.Set("webhook-id", m.WebhookID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("webhook-signature", sig)
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, classify(err), err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, ResultHTTPError, nil
	}
	return resp.StatusCode, ResultSuccess, nil
}

func classify(err error) string {
	switch {
	case errors.Is(err, ErrForbiddenAddress):
		return ResultRefused
	case errors.Is(err, context.DeadlineExceeded):
		return ResultTimeout
	}
	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() {
		return ResultTimeout
	}
	return ResultError
}
