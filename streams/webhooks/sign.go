package webhooks

import (
	"fmt"
	"strings"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/txstream/txstream/domain"
)

// signature is the webhook-signature header of one attempt: a "v1,<base64
// HMAC-SHA256 of id.timestamp.body>" entry per secret in force, space
// separated, so that during a rotation's grace period a receiver that
// still has the old secret verifies as well as one with the new (Standard
// Webhooks). The signing is the reference library's.
func signature(secrets []domain.WebhookSecret, id string, at time.Time, body []byte) (string, error) {
	sigs := make([]string, 0, len(secrets))
	for _, s := range secrets {
		wh, err := standardwebhooks.NewWebhook(s.Reveal())
		if err != nil {
			// The library's error does not quote the secret.
			return "", fmt.Errorf("signing key: %w", err)
		}
		sig, err := wh.Sign(id, at, body)
		if err != nil {
			return "", fmt.Errorf("sign: %w", err)
		}
		sigs = append(sigs, sig)
	}
	return strings.Join(sigs, " "), nil
}
