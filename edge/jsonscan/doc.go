// Package jsonscan is the small JSON scanner the edge's request decoders
// read bodies with instead of encoding/json's reflection: it walks the
// members of an object in order (OpenObject, Members) and the elements of
// an array (OpenArray, Elements), tells a value's kind
// by its first byte (KindOf), reads a string token (StringValue) and finds
// a key given twice in one object at any depth (DuplicateKey). That lets
// the decoders refuse duplicate and unknown members, keep a JSON number's
// exact text, and allocate little.
//
// It walks JSON that json.Valid accepted: its callers check that first. It
// still bounds-checks every index, so that no input can panic it. It owns
// no state and imports nothing of txstream; what a member means, and how a
// refusal is answered, are the edge's business.
package jsonscan
