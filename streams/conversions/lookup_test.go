package conversions

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/lovoo/goka"
)

// gokaContext names the embedded interface apart from its Context method.
type gokaContext = goka.Context

// lookupContext is the part of a callback's context that lookup uses.
type lookupContext struct {
	gokaContext
	ctx    context.Context
	looked bool
}

func (c *lookupContext) Context() context.Context                             { return c.ctx }
func (c *lookupContext) Fail(err error)                                       { panic(err) }
func (c *lookupContext) Lookup(goka.Table, string) any                        { c.looked = true; return nil }
func (c *lookupContext) Emit(goka.Stream, string, any, ...goka.ContextOption) {}

// TestLookupOfAStoppingProcessor: a callback whose processor is stopping
// fails its message instead of reading the Lookup view that goka is
// closing (a data race in goka); a running one reads.
func TestLookupOfAStoppingProcessor(t *testing.T) {
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		name     string
		ctx      context.Context
		wantFail bool
	}{{"running", context.Background(), false}, {"stopping", stopped, true}} {
		t.Run(tt.name, func(t *testing.T) {
			gctx := &lookupContext{ctx: tt.ctx}
			failure := func() (failure string) {
				defer func() {
					if r := recover(); r != nil {
						failure = fmt.Sprint(r)
					}
				}()
				handler{}.lookup(gctx)("USD")
				return ""
			}()
			if tt.wantFail != (failure != "") || gctx.looked == tt.wantFail {
				t.Fatalf("failure %q, looked %v; want a failure %v and a read %v", failure, gctx.looked, tt.wantFail, !tt.wantFail)
			}
			if tt.wantFail && !strings.Contains(failure, "stopping processor") {
				t.Errorf("failure %q does not say why", failure)
			}
		})
	}
}
