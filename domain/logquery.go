package domain

import "time"

// LogQuery asks for status-log entries in time order: all of them or one
// status, within [From, To) (zero means open), Limit at a time, continuing
// after Cursor (opaque, from a previous LogPage of the same order). Newest
// lists them newest first.
type LogQuery struct {
	Status Status
	From   time.Time
	To     time.Time
	Cursor string
	Limit  int
	Newest bool
}

// LogEntry is one status change as the manager service lists it. The first
// two members are the seed's.
type LogEntry struct {
	TransactionID string    `json:"transaction_id"`
	Status        Status    `json:"status"`
	Reason        Reason    `json:"reason,omitempty"`
	Version       int64     `json:"version"`
	At            time.Time `json:"at"`
}

// LogPage is one page of a listing; Next is empty on the last page.
type LogPage struct {
	Entries []LogEntry
	Next    string
}
