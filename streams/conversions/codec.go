package conversions

import (
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// encoded is a conversion record already encoded. A new conversion goes
// both to the group table and, for a transaction, to the results topic,
// with the same codec: encoding it once and handing both the bytes spares
// the second encoding.
type encoded []byte

// codec is the codec of the group table and of the results topic:
// streams.TableCodec[domain.Conversion], which also passes encoded through
// as it is. It decodes to *domain.Conversion, or to nil (absent) for a
// value nobody can read.
type codec struct {
	streams.TableCodec[domain.Conversion]
}

// Encode accepts encoded, *domain.Conversion and domain.Conversion.
func (c codec) Encode(value any) ([]byte, error) {
	if data, ok := value.(encoded); ok {
		return data, nil
	}
	return c.JSON.Encode(value)
}

// checkTable says why a value of the table cannot be read, nil when it can.
func checkTable(data []byte) error {
	_, err := streams.JSON[domain.Conversion]{}.Decode(data)
	return err
}
