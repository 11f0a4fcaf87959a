package domain

import (
	"encoding/json"
	"time"
)

// SchemaVersion is written into every value txstream puts on Kafka. A reader
// accepts values whose schema it knows; a new field keeps the version, a
// change of meaning bumps it.
const SchemaVersion = 1

// TransactionRequested is the value on the transaction topic (key: ID). The
// edge writes it once the request has passed validation; the transactions
// processor validates it again, since any Kafka client may write the topic.
type TransactionRequested struct {
	Schema         int             `json:"schema"`
	ID             string          `json:"id"`
	Amount         string          `json:"amount"`
	Currency       string          `json:"currency"`
	TargetCurrency string          `json:"target_currency,omitempty"`
	Metadata       json.RawMessage `json:"metadata,omitempty"`
	Fingerprint    string          `json:"fingerprint"`
	ReceivedAt     time.Time       `json:"received_at"`
}

// Transaction is the value of the transactions table (key: ID), the source
// of truth for one transaction. Version counts status changes: it starts at
// 1 with received and grows by one with each change.
type Transaction struct {
	Schema         int             `json:"schema"`
	ID             string          `json:"id"`
	Amount         string          `json:"amount"`
	Currency       string          `json:"currency"`
	TargetCurrency string          `json:"target_currency,omitempty"`
	Metadata       json.RawMessage `json:"metadata,omitempty"`
	Fingerprint    string          `json:"fingerprint"`
	Status         Status          `json:"status"`
	Reason         Reason          `json:"reason,omitempty"`
	Version        int64           `json:"version"`
	Conversion     *Conversion     `json:"conversion,omitempty"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
	History        []StatusChange  `json:"history"`
	// Conflicts counts requests that reused this id with another body. They
	// leave the transaction untouched, so they do not bump Version.
	Conflicts int64 `json:"conflicts,omitempty"`
}

// StatusChange is one transition of a transaction.
type StatusChange struct {
	Version int64     `json:"version"`
	Status  Status    `json:"status"`
	Reason  Reason    `json:"reason,omitempty"`
	At      time.Time `json:"at"`
}

// StatusEvent is one StatusChange of one transaction: what the stream
// observer is told of a transition. It was the value of status-topic (key:
// TransactionID) until that topic gave way to the transactions table's
// changelog, whose Transaction records carry every change in History; its
// JSON stays readable for the dead letters of that topic.
type StatusEvent struct {
	Schema        int    `json:"schema"`
	TransactionID string `json:"transaction_id"`
	StatusChange
}

// ConversionRequest is the value on the conversion topic (key: ID). Requests
// from POST /convert have their own ID; requests made by the transactions
// processor use the transaction id as ID and set TransactionID, so a
// transaction's conversion is found under the transaction's id.
type ConversionRequest struct {
	Schema        int       `json:"schema"`
	ID            string    `json:"id"`
	Amount        string    `json:"amount"`
	From          string    `json:"from"`
	To            string    `json:"to"`
	TransactionID string    `json:"transaction_id,omitempty"`
	Fingerprint   string    `json:"fingerprint"`
	RequestedAt   time.Time `json:"requested_at"`
}

// RoundingHalfEven names the rounding rule recorded with every conversion.
const RoundingHalfEven = "half_even"

// Conversion is the value of the conversions table (key: ID) and, for
// conversions linked to a transaction, of the conversion-result topic (key:
// TransactionID). Status is completed or failed.
type Conversion struct {
	Schema         int    `json:"schema"`
	ID             string `json:"id"`
	TransactionID  string `json:"transaction_id,omitempty"`
	Status         Status `json:"status"`
	Reason         Reason `json:"reason,omitempty"`
	Amount         string `json:"amount"`
	From           string `json:"from"`
	To             string `json:"to"`
	ConvertedValue string `json:"converted_value,omitempty"`
	Rate           string `json:"rate,omitempty"`
	RateDate       string `json:"rate_date,omitempty"`
	RateSource     string `json:"rate_source,omitempty"`
	// RateLegs are the rates used, From's first: a cross rate has two,
	// and RateDate is the older of their dates.
	RateLegs    []RateLeg `json:"rate_legs,omitempty"`
	Rounding    string    `json:"rounding,omitempty"`
	Fingerprint string    `json:"fingerprint"`
	RequestedAt time.Time `json:"requested_at"`
	ConvertedAt time.Time `json:"converted_at"`
	// Conflicts counts requests that reused this id with another body.
	Conflicts int64 `json:"conflicts,omitempty"`
}

// Rate is the value on the rates topic and of the rates table (key:
// Currency): how many units of Currency one unit of Base buys, as of Date
// (YYYY-MM-DD). The base is EUR, as in the ECB reference rates.
type Rate struct {
	Schema    int       `json:"schema"`
	Currency  string    `json:"currency"`
	Base      string    `json:"base"`
	Rate      string    `json:"rate"`
	Date      string    `json:"date"`
	Source    string    `json:"source"`
	UpdatedAt time.Time `json:"updated_at"`
}

// RateLeg is one rate a conversion used, as the rates table held it then:
// Rate units of Currency per unit of BaseCurrency, of Date, from Source.
type RateLeg struct {
	Currency string `json:"currency"`
	Rate     string `json:"rate"`
	Date     string `json:"date"`
	Source   string `json:"source"`
}

// StatusLog is the value of the status-log table (key: TransactionID): the
// ordered history of one transaction, one entry per version.
type StatusLog struct {
	Schema        int            `json:"schema"`
	TransactionID string         `json:"transaction_id"`
	Entries       []StatusChange `json:"entries"`
}
