package edge

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// internalWords are in every dependency error of TestNoInternalTextInAnswers
// and in no catalog text: an answer that holds one leaked the error.
var internalWords = []string{"broker", "topic", "kafka-0.internal", "fake:"}

// TestNoInternalTextInAnswers drives every route with the dependencies
// failing in every way the edge classifies, each error naming a broker
// and a topic as Kafka clients' errors do, and checks that no answer
// carries that text: the details come from the catalog.
func TestNoInternalTextInAnswers(t *testing.T) {
	bases := []error{errConflict, errOverloaded, errUnavailable, errUnknown, errBadCursor, errTableDown,
		context.DeadlineExceeded, context.Canceled, errors.New("fake: panic-free surprise")}
	for _, base := range bases {
		err := fmt.Errorf("produce to topic transaction-topic on broker kafka-0.internal:9092: %w", base)
		t.Run(base.Error(), func(t *testing.T) {
			e := newEnv(t, withAllRoutes, nil)
			seedForRoutes(e)
			e.txs.setErr(err)
			e.tables.setErr(err)
			e.rates.mu.Lock()
			e.rates.err = err
			e.rates.mu.Unlock()
			e.webhooks().failWith(err)
			failed := 0
			e.eachRoute(t, func(t *testing.T, svc Service, rt *route) {
				if rt.pattern == "/openapi.json" {
					return // the document, which names brokers and topics itself
				}
				method, path, body := routeRequest(t, rt)
				a := e.call(t, method, e.base(svc)+path, body)
				if a.status >= 400 {
					failed++
				}
				expectNoInternalText(t, a)
			})
			if failed == 0 {
				t.Fatal("no route failed: the errors were not driven")
			}
		})
	}
}

// TestNoRequestTextInParseErrors: a request fasthttp cannot read is
// answered from the catalog, without fasthttp's error text, which would
// quote the request's bytes (an Authorization header among them).
func TestNoRequestTextInParseErrors(t *testing.T) {
	e := newEnv(t, nil, nil)
	addr := strings.TrimPrefix(e.transaction, "http://")
	cases := map[string]string{
		"header without colon": "GET /transactions/tx-1 HTTP/1.1\r\nHost: x\r\nbroker topic fake:\r\n\r\n",
		"header too large":     "GET /transactions/tx-1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer broker-topic-" + strings.Repeat("a", 9000) + "\r\n\r\n",
		"bad request line":     "BROKER /topic fake: HTTP/9\r\n\r\n",
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
			if _, err := io.WriteString(conn, raw); err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(conn)
			if !strings.Contains(string(got), " 4") {
				t.Fatalf("not a 4xx answer: %q", got)
			}
			expectNoInternalText(t, answer{body: got})
		})
	}
}

func expectNoInternalText(t *testing.T, a answer) {
	t.Helper()
	body := strings.ToLower(string(a.body))
	for _, w := range internalWords {
		if strings.Contains(body, w) {
			t.Errorf("answer %d carries %q: %s", a.status, w, a.body)
		}
	}
}
