package domain

// Versioned is implemented by every value txstream puts on Kafka, so that a
// codec can refuse a schema it does not know without decoding twice.
type Versioned interface {
	SchemaOf() int
}

// SchemaOf returns the schema version of the value.
func (v *TransactionRequested) SchemaOf() int { return v.Schema }

// SchemaOf returns the schema version of the value.
func (v *Transaction) SchemaOf() int { return v.Schema }

// SchemaOf returns the schema version of the value.
func (v *StatusEvent) SchemaOf() int { return v.Schema }

// SchemaOf returns the schema version of the value.
func (v *ConversionRequest) SchemaOf() int { return v.Schema }

// SchemaOf returns the schema version of the value.
func (v *Conversion) SchemaOf() int { return v.Schema }

// SchemaOf returns the schema version of the value.
func (v *Rate) SchemaOf() int { return v.Schema }

// SchemaOf returns the schema version of the value.
func (v *StatusLog) SchemaOf() int { return v.Schema }
