package rates_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/txstream/txstream/streams/rates"
)

// ParseECB reads any of the ECB formats; here the historical CSV, whose
// rows come newest first and whose "N/A" cells mean no rate.
func ExampleParseECB() {
	file := "Date,USD,JPY,\n2024-06-28,1.0705,171.94,\n2024-06-27,1.0696,N/A,\n"
	list, err := rates.ParseECB(strings.NewReader(file), "ecb", time.Now())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range list {
		fmt.Println(r.Date, r.Currency, r.Rate)
	}
	// Output:
	// 2024-06-27 USD 1.0696
	// 2024-06-28 USD 1.0705
	// 2024-06-28 JPY 171.94
}

// A bad value fails the whole file and says where it is.
func ExampleParseECB_error() {
	file := "Date, USD, JPY, \n28 June 2024, 1.0705, 171,94, \n"
	_, err := rates.ParseECB(strings.NewReader(file), "ecb", time.Now())
	fmt.Println(err)
	// Output:
	// line 2: rates: malformed reference-rates file: value "94" in column 4 has no currency
}
