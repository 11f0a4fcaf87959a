package edge

import "net/http"

// Code is the stable, machine-readable name of one kind of error answer. A
// code never changes meaning or HTTP status; new codes may be added.
type Code string

// The error catalog's codes. Every error answer of the three services is
// one of these, rendered once by writeProblem as application/problem+json.
const (
	// Input: the request itself is wrong; retrying it unchanged fails again.
	CodeMalformedJSON        Code = "malformed_json"
	CodeWrongType            Code = "wrong_type"
	CodeUnknownField         Code = "unknown_field"
	CodeDuplicateField       Code = "duplicate_field"
	CodeMissingField         Code = "missing_field"
	CodeInvalidID            Code = "invalid_id"
	CodeInvalidAmount        Code = "invalid_amount"
	CodeInvalidCurrency      Code = "invalid_currency"
	CodeInvalidMetadata      Code = "invalid_metadata"
	CodeInvalidRate          Code = "invalid_rate"
	CodeInvalidQuery         Code = "invalid_query"
	CodeInvalidCursor        Code = "invalid_cursor"
	CodeBadRequest           Code = "bad_request"
	CodeRequestTimeout       Code = "request_timeout"
	CodeBodyTooLarge         Code = "body_too_large"
	CodeHeaderTooLarge       Code = "header_too_large"
	CodeUnsupportedMediaType Code = "unsupported_media_type"
	CodeNonCanonicalPath     Code = "non_canonical_path"
	CodeRouteNotFound        Code = "route_not_found"
	CodeMethodNotAllowed     Code = "method_not_allowed"
	// CodeBatchTooLarge: a POST /transactions/batch with more items than
	// Config.MaxBatch (413); the body limit of a batch is
	// CodeBodyTooLarge, as for every route.
	CodeBatchTooLarge Code = "batch_too_large"
	// CodeIDMismatch: a PUT /transactions/{id} whose body names another
	// id than its path (400).
	CodeIDMismatch Code = "id_mismatch"
	// CodeInvalidWebhook: a POST /webhooks whose URL, event types or
	// description cannot be registered, the SSRF guard's refusal of the
	// URL's host included (400).
	CodeInvalidWebhook Code = "invalid_webhook"
	// Access: the request's key (access.go, admit.go). None of their
	// details carries the key or any part of it.
	// CodeUnauthorized: no key, or not a valid one (401, WWW-Authenticate:
	// Bearer).
	CodeUnauthorized Code = "unauthorized"
	// CodeInsufficientScope: a valid key without the route's scope (403);
	// the detail and WWW-Authenticate name the scope, which is public.
	CodeInsufficientScope Code = "insufficient_scope"
	// CodeRateLimited: the key's (or the client address's) requests are
	// over the rate limit (429, with Retry-After and the RateLimit fields).
	CodeRateLimited Code = "rate_limited"
	// State: the request is well formed but meets the current state.
	CodeTransactionNotFound Code = "transaction_not_found"
	CodeConversionNotFound  Code = "conversion_not_found"
	CodeWebhookNotFound     Code = "webhook_not_found"
	CodeConflict            Code = "id_conflict"
	CodeRateSuperseded      Code = "rate_superseded"
	// Capacity and availability: retry after the Retry-After delay.
	CodeOverloaded Code = "overloaded"
	// CodeUnavailable: Kafka cannot be written now; a write answered so
	// surely was not recorded (refused, or it never left the producer).
	CodeUnavailable Code = "unavailable"
	// CodeOutcomeUnknown: the write ended without Kafka's answer, so it may
	// have been recorded and may still take effect; retrying it unchanged
	// is safe (advice says so to the client).
	CodeOutcomeUnknown    Code = "outcome_unknown"
	CodeStopping          Code = "stopping"
	CodeTablesUnavailable Code = "tables_unavailable"
	CodeNotReady          Code = "not_ready"
	// Everything else: a bug or an unclassified dependency error.
	CodeInternal Code = "internal"
)

// Entry is what the catalog knows about a code.
type Entry struct {
	Status int
	// Title is short, stable per code, and also sent as the seed's "error"
	// member ("Transaction not found" is the seed's own text).
	Title string
	// RetryAfter: the answer carries a Retry-After header.
	RetryAfter bool
}

var catalog = map[Code]Entry{
	CodeMalformedJSON:        {http.StatusBadRequest, "Malformed JSON body", false},
	CodeWrongType:            {http.StatusBadRequest, "Wrong JSON type", false},
	CodeUnknownField:         {http.StatusBadRequest, "Unknown field", false},
	CodeDuplicateField:       {http.StatusBadRequest, "Duplicate field", false},
	CodeMissingField:         {http.StatusBadRequest, "Missing field", false},
	CodeInvalidID:            {http.StatusBadRequest, "Invalid id", false},
	CodeInvalidAmount:        {http.StatusBadRequest, "Invalid amount", false},
	CodeInvalidCurrency:      {http.StatusBadRequest, "Invalid currency", false},
	CodeInvalidMetadata:      {http.StatusBadRequest, "Invalid metadata", false},
	CodeInvalidRate:          {http.StatusBadRequest, "Invalid rate", false},
	CodeInvalidQuery:         {http.StatusBadRequest, "Invalid query parameter", false},
	CodeInvalidCursor:        {http.StatusBadRequest, "Invalid cursor", false},
	CodeBadRequest:           {http.StatusBadRequest, "Malformed HTTP request", false},
	CodeRequestTimeout:       {http.StatusRequestTimeout, "Request timeout", false},
	CodeBodyTooLarge:         {http.StatusRequestEntityTooLarge, "Request body too large", false},
	CodeHeaderTooLarge:       {http.StatusRequestHeaderFieldsTooLarge, "Request header too large", false},
	CodeUnsupportedMediaType: {http.StatusUnsupportedMediaType, "Unsupported media type", false},
	CodeNonCanonicalPath:     {http.StatusBadRequest, "Path not canonical", false},
	CodeRouteNotFound:        {http.StatusNotFound, "Not found", false},
	CodeMethodNotAllowed:     {http.StatusMethodNotAllowed, "Method not allowed", false},
	CodeBatchTooLarge:        {http.StatusRequestEntityTooLarge, "Too many items in the batch", false},
	CodeIDMismatch:           {http.StatusBadRequest, "Id in the body differs from the path", false},
	CodeInvalidWebhook:       {http.StatusBadRequest, "Invalid webhook", false},
	CodeWebhookNotFound:      {http.StatusNotFound, "Webhook endpoint not found", false},
	CodeUnauthorized:         {http.StatusUnauthorized, "Unauthorized", false},
	CodeInsufficientScope:    {http.StatusForbidden, "Insufficient scope", false},
	CodeRateLimited:          {http.StatusTooManyRequests, "Rate limit exceeded", true},
	CodeTransactionNotFound:  {http.StatusNotFound, "Transaction not found", false},
	CodeConversionNotFound:   {http.StatusNotFound, "Conversion not found", false},
	CodeConflict:             {http.StatusConflict, "Id already used with a different request", false},
	CodeRateSuperseded:       {http.StatusConflict, "A newer rate is in force", false},
	CodeOverloaded:           {http.StatusServiceUnavailable, "Overloaded", true},
	CodeUnavailable:          {http.StatusServiceUnavailable, "Kafka unavailable", true},
	CodeOutcomeUnknown:       {http.StatusGatewayTimeout, "Outcome unknown", true},
	CodeStopping:             {http.StatusServiceUnavailable, "Service stopping", true},
	CodeTablesUnavailable:    {http.StatusServiceUnavailable, "Tables unavailable", true},
	CodeNotReady:             {http.StatusServiceUnavailable, "Not ready", true},
	CodeInternal:             {http.StatusInternalServerError, "Internal error", false},
}

// advice opens the detail of a code's answer where the title cannot say
// what the client should do.
var advice = map[Code]string{
	CodeOutcomeUnknown: "Kafka, or the processor that decides which request of an id won, did not answer in time: the request may have been recorded and may still take effect. " +
		"Retrying it unchanged (the same id, the same body) is safe: it takes effect once, " +
		"and a POST retried after it was recorded is answered as a replay",
}

// failureDetails are the details of the answers that a dependency's
// error (Config.Classify) or fasthttp's refusal of a request lead to: the
// error itself may carry broker addresses, topic names or Go internals,
// so its text never reaches a client, and the catalog says what the
// client may do instead.
var failureDetails = map[Code]string{
	CodeBadRequest:        "the request is not valid HTTP/1.1",
	CodeRequestTimeout:    "the request was not read within the read timeout",
	CodeBodyTooLarge:      "the request body is larger than this service accepts",
	CodeHeaderTooLarge:    "the request line and headers are larger than this service accepts",
	CodeConflict:          "the id was used before with a different request; use another id, or send the first request again",
	CodeInvalidCursor:     "the cursor is not one this service gave; start again without it",
	CodeOverloaded:        "too many requests in flight",
	CodeUnavailable:       "Kafka cannot take the request now, and it was not recorded; retry after the Retry-After delay",
	CodeStopping:          "the service is shutting down; retry after the Retry-After delay, on another instance if there is one",
	CodeTablesUnavailable: "the tables cannot be read now; retry after the Retry-After delay",
	CodeInternal:          "unexpected error",
}

// failureDetail is the detail of a failure answered with code: its advice
// where the catalog has one, else its failure detail, else none (the
// title says it all).
func failureDetail(code Code) string {
	if a, ok := advice[code]; ok {
		return a
	}
	return failureDetails[code]
}

// Lookup returns the catalog entry of code; unknown codes read as
// CodeInternal, so that a hook returning a misspelt code cannot break the
// answer.
func Lookup(code Code) (Code, Entry) {
	if e, ok := catalog[code]; ok {
		return code, e
	}
	return CodeInternal, catalog[CodeInternal]
}

// Codes lists every code of the catalog (unordered).
func Codes() []Code {
	out := make([]Code, 0, len(catalog))
	for c := range catalog {
		out = append(out, c)
	}
	return out
}

// problemType is the RFC 9457 "type" URI of a code.
func problemType(code Code) string { return "urn:txstream:problem:" + string(code) }
