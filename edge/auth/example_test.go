package auth_test

import (
	"errors"
	"fmt"

	"github.com/txstream/txstream/edge/auth"
)

func ExampleParseScopes() {
	set, err := auth.ParseScopes("transactions:read, transactions:write")
	fmt.Println(set, err)
	_, err = auth.ParseScopes("transactions:write,admin")
	fmt.Println(errors.Is(err, auth.ErrUnknownScope))
	// Output:
	// transactions:write,transactions:read <nil>
	// true
}

func ExampleParseBearer() {
	token, err := auth.ParseBearer([]byte("bearer abc.DEF~1=="))
	fmt.Printf("%s %v\n", token, err)
	_, err = auth.ParseBearer([]byte("Bearer  abc"))
	fmt.Println(err)
	// Output:
	// abc.DEF~1== <nil>
	// bad credentials
}
