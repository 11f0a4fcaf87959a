package edge

import (
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/jsonscan"
)

// webhookFields are the members of a POST /webhooks body.
var webhookFields = []string{"url", "events", "description"}

const webhookRequired = 1<<0 | 1<<1

// DecodeWebhook reads a POST /webhooks body: "url" (absolute http or
// https), "events" (an array of event type names) and an optional
// "description", under the edge's decoding policy (decode.go), then the
// domain's rules (domain.WebhookRequest.Check). The SSRF guard, which
// resolves the host, is the registrar's. Errors are *RequestError.
func DecodeWebhook(body []byte) (domain.WebhookRequest, error) {
	var req domain.WebhookRequest
	err := decodeObject(body, webhookFields, webhookRequired, func(i int, raw []byte) (err error) {
		switch i {
		case 0:
			req.URL, err = asString("url", raw)
		case 1:
			req.Events, err = asEvents(raw)
		case 2:
			req.Description, err = asString("description", raw)
		}
		return err
	})
	if err != nil {
		return domain.WebhookRequest{}, err
	}
	if err := req.Check(); err != nil {
		return domain.WebhookRequest{}, fromDomain(err)
	}
	return req, nil
}

// asEvents reads an array of strings.
func asEvents(raw []byte) ([]domain.EventType, error) {
	elems, ok := jsonscan.OpenArray(raw)
	if !ok {
		return nil, requestError(CodeWrongType, "events", "must be an array of event type names")
	}
	var out []domain.EventType
	for elems.Next() {
		s, err := asString("events", elems.Value())
		if err != nil {
			return nil, err
		}
		out = append(out, domain.EventType(s))
	}
	if elems.Malformed() {
		return nil, requestError(CodeMalformedJSON, "events", "the array is not well formed")
	}
	return out, nil
}
