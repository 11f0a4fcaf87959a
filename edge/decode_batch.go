package edge

import (
	"github.com/txstream/txstream/edge/jsonscan"
)

// batchFields are the members of a POST /transactions/batch body.
var batchFields = []string{"transactions"}

// DecodeBatch reads a POST /transactions/batch envelope under the decoding
// policy of this package (one object, no unknown or duplicate member) and
// returns its items, each the raw body of one POST /transactions, aliasing
// body. Only the envelope is judged here: an item is decoded on its own
// (DecodeTransaction), so that one bad item refuses that item and not the
// batch. More than maxItems items is batch_too_large. Errors are
// *RequestError.
func DecodeBatch(body []byte, maxItems int) ([][]byte, error) {
	var items [][]byte
	err := decodeObject(body, batchFields, 1, func(_ int, raw []byte) (err error) {
		items, err = batchItems(raw, maxItems)
		return err
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// batchItems splits the "transactions" array.
func batchItems(raw []byte, maxItems int) ([][]byte, error) {
	e, ok := jsonscan.OpenArray(raw)
	if !ok {
		return nil, requestError(CodeWrongType, "transactions", "must be a JSON array")
	}
	var items [][]byte
	for e.Next() {
		if len(items) == maxItems {
			return nil, requestError(CodeBatchTooLarge, "transactions", "a batch holds at most %d items", maxItems)
		}
		items = append(items, e.Value())
	}
	if e.Malformed() {
		return nil, requestError(CodeMalformedJSON, "transactions", "the array is not well formed")
	}
	return items, nil
}

// itemID is the id an item names, read leniently for a refused item's
// result ("" when it names none), so that the client can match it.
func itemID(raw []byte) string {
	m, ok := jsonscan.OpenObject(raw)
	if !ok {
		return ""
	}
	for m.Next() {
		if string(m.Name()) == "id" && jsonscan.KindOf(m.Value()) == jsonscan.String {
			return shorten([]byte(jsonscan.StringValue(m.Value())))
		}
	}
	return ""
}
