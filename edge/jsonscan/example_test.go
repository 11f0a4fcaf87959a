package jsonscan_test

import (
	"fmt"

	"github.com/txstream/txstream/edge/jsonscan"
)

func ExampleOpenObject() {
	m, _ := jsonscan.OpenObject([]byte(`{"id":"tx-1","amount":10.50,"metadata":null}`))
	for m.Next() {
		fmt.Printf("%s: %s %s\n", m.Name(), m.Value(), kindName(jsonscan.KindOf(m.Value())))
	}
	// Output:
	// id: "tx-1" string
	// amount: 10.50 number
	// metadata: null null
}

func ExampleDuplicateKey() {
	key, dup := jsonscan.DuplicateKey([]byte(`{"tags":[{"k":1,"\u006b":2}]}`))
	fmt.Println(key, dup)
	// Output: k true
}

func kindName(k jsonscan.Kind) string {
	return map[jsonscan.Kind]string{jsonscan.String: "string", jsonscan.Number: "number", jsonscan.Null: "null"}[k]
}
