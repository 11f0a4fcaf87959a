package conversions

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
)

// rateMap is a rates table in memory, for the handler's benchmark and
// tests without goka.
type rateMap map[string]*domain.Rate

func (m rateMap) Get(code string) (*domain.Rate, error) { return m[code], nil }

// failingRates is a view that cannot be read, as one that is not running.
type failingRates struct{}

func (failingRates) Get(string) (*domain.Rate, error) { return nil, errors.New("view not running") }

// gokaContext names the embedded interface apart from its Fail method.
type gokaContext = goka.Context

// failContext is the part of a callback's context that lookup uses.
type failContext struct{ gokaContext }

func (failContext) Fail(err error) { panic(err) }

// TestLookupFailsTheMessageWhenTheViewCannotBeRead: a rate that cannot be
// read fails the message (goka delivers it again after the restart), as
// goka's Lookup did, rather than converting it as if no rate existed.
func TestLookupFailsTheMessageWhenTheViewCannotBeRead(t *testing.T) {
	usd := &domain.Rate{Currency: "USD", Rate: "1.0705"}
	for _, tt := range []struct {
		name     string
		rates    RateReader
		wantFail bool
		wantRate bool
	}{{"readable", rateMap{"USD": usd}, false, true}, {"absent", rateMap{}, false, false}, {"unreadable", failingRates{}, true, false}} {
		t.Run(tt.name, func(t *testing.T) {
			var got bool
			failure := func() (failure string) {
				defer func() {
					if r := recover(); r != nil {
						failure = fmt.Sprint(r)
					}
				}()
				_, got = handler{rates: tt.rates}.lookup(failContext{})("USD")
				return ""
			}()
			if tt.wantFail != (failure != "") || got != tt.wantRate {
				t.Fatalf("failure %q, rate found %v; want a failure %v and a rate %v", failure, got, tt.wantFail, tt.wantRate)
			}
			if tt.wantFail && !strings.Contains(failure, "rates lookup") {
				t.Errorf("failure %q does not say what failed", failure)
			}
		})
	}
}
