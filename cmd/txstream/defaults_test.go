package main

import (
	"reflect"
	"testing"

	"github.com/txstream/txstream/actors"
	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/streams"
)

// TestStreamsDefaultsFromTable: serve's defaults, mapped onto the streams
// configuration as the process maps them, are streams.DefaultConfig, so
// the table and the component cannot drift apart.
func TestStreamsDefaultsFromTable(t *testing.T) {
	c, _, err := parseConfig(cmdServe, nil, envMap{}.lookup)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Config.Streams(), streams.DefaultConfig(); !reflect.DeepEqual(got, want) {
		t.Errorf("streams config from the table's defaults:\n got %+v\nwant %+v", got, want)
	}
}

// TestSharedDefaultsAgree: a setting that feeds two components has one
// default, so their own defaults must agree with each other and with the
// table's.
func TestSharedDefaultsAgree(t *testing.T) {
	c, _, err := parseConfig(cmdServe, nil, envMap{}.lookup)
	if err != nil {
		t.Fatal(err)
	}
	ed, ad, sd := edge.DefaultConfig(), actors.DefaultConfig(), streams.DefaultConfig()
	tests := []struct {
		setting     string
		table       any
		first, then any
	}{
		{"max-in-flight", c.MaxInFlight, ed.MaxInFlight, ad.MaxInFlight},
		{"max-long-polls", c.MaxLongPolls, ed.MaxLongPolls, ad.MaxWaiters},
		{"produce-timeout", c.ProduceTimeout, sd.ProduceTimeout, ad.ProduceTimeout},
		{"actor-idle-timeout", c.ActorIdle, ad.IdleTimeout, ad.IdleTimeout},
		{"long-poll-max", c.LongPollMax, ed.WaitMax, ed.WaitMax},
		{"max-body-bytes", c.MaxBodyBytes, ed.MaxBodyBytes, ed.MaxBodyBytes},
		{"max-batch", c.MaxBatch, ed.MaxBatch, ed.MaxBatch},
		{"max-batch-body-bytes", c.MaxBatchBodyBytes, ed.MaxBatchBodyBytes, ed.MaxBatchBodyBytes},
	}
	for _, tt := range tests {
		t.Run(tt.setting, func(t *testing.T) {
			if tt.table != tt.first || tt.first != tt.then {
				t.Errorf("--%s: table %v, components %v and %v", tt.setting, tt.table, tt.first, tt.then)
			}
		})
	}
}
