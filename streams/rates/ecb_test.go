package rates

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

var importedAt = time.Date(2024, 7, 1, 9, 30, 0, 0, time.UTC)

// brief renders rates as "date code rate" lines, in order.
func brief(rates []domain.Rate) []string {
	out := make([]string, len(rates))
	for i, r := range rates {
		out[i] = r.Date + " " + r.Currency + " " + r.Rate
	}
	return out
}

func parseFile(t *testing.T, name string) []domain.Rate {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rates, err := ParseECB(f, "ecb", importedAt)
	if err != nil {
		t.Fatalf("ParseECB(%s): %v", name, err)
	}
	return rates
}

func TestParseECBFormats(t *testing.T) {
	cases := []struct {
		file string
		want []string
	}{
		{"eurofxref-daily.xml", []string{
			"2024-06-28 USD 1.0705", "2024-06-28 JPY 171.94", "2024-06-28 HUF 395.1", "2024-06-28 IDR 17487.21",
		}},
		// The file lists the newest day first; the result is oldest first.
		{"eurofxref-hist-90d.xml", []string{
			"2024-06-26 USD 1.0683", "2024-06-26 JPY 170.68",
			"2024-06-27 USD 1.0696", "2024-06-27 JPY 171.17", "2024-06-27 GBP 0.84603",
			"2024-06-28 USD 1.0705", "2024-06-28 JPY 171.94", "2024-06-28 GBP 0.84638",
		}},
		// N/A, empty cells and withdrawn currencies (CYP, EEK, TRL) give no
		// rate; RUB of 2004 is a rate, its later N/A cells are not.
		{"eurofxref-hist.csv", []string{
			"2004-12-31 USD 1.3621", "2004-12-31 JPY 139.65", "2004-12-31 BGN 1.9559", "2004-12-31 CZK 30.464",
			"2004-12-31 GBP 0.70505", "2004-12-31 RUB 37.8", "2004-12-31 KRW 1410.95",
			"2022-03-01 USD 1.1139", "2022-03-01 JPY 128.52", "2022-03-01 BGN 1.9558", "2022-03-01 CZK 25.225",
			"2022-03-01 GBP 0.83335", "2022-03-01 TRY 15.6223", "2022-03-01 KRW 1341.85",
			"2024-06-27 USD 1.0696", "2024-06-27 JPY 171.17", "2024-06-27 BGN 1.9558", "2024-06-27 CZK 25.018",
			"2024-06-27 GBP 0.84603", "2024-06-27 TRY 35.0818",
			"2024-06-28 USD 1.0705", "2024-06-28 JPY 171.94", "2024-06-28 BGN 1.9558", "2024-06-28 CZK 25.025",
			"2024-06-28 GBP 0.84638", "2024-06-28 TRY 35.1868", "2024-06-28 KRW 1474.86",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			rates := parseFile(t, tc.file)
			if got := brief(rates); !slices.Equal(got, tc.want) {
				t.Errorf("rates:\n got %q\nwant %q", got, tc.want)
			}
			for _, r := range rates {
				if r.Base != "EUR" || r.Source != "ecb" || !r.UpdatedAt.Equal(importedAt) || r.Schema != domain.SchemaVersion {
					t.Errorf("rate %+v: want base EUR, source ecb, updated %s, schema %d", r, importedAt, domain.SchemaVersion)
				}
			}
		})
	}
}

// TestParseECBDailyCSVMatchesSample: the daily CSV fixture and the shipped
// sample are two transcriptions of the same ECB day, in two formats; they
// must agree rate for rate.
func TestParseECBDailyCSVMatchesSample(t *testing.T) {
	csvRates := parseFile(t, "eurofxref.csv")
	sample, err := Sample()
	if err != nil {
		t.Fatalf("Sample: %v", err)
	}
	if len(csvRates) != 30 {
		t.Fatalf("daily CSV gave %d rates, want 30", len(csvRates))
	}
	if got, want := brief(csvRates), brief(sample); !slices.Equal(got, want) {
		t.Errorf("daily CSV and sample differ:\n csv    %q\n sample %q", got, want)
	}
}

func TestSample(t *testing.T) {
	rates, err := Sample()
	if err != nil {
		t.Fatalf("Sample: %v", err)
	}
	published := time.Date(2024, 6, 28, 14, 0, 0, 0, time.UTC)
	codes := map[string]bool{}
	for _, r := range rates {
		codes[r.Currency] = true
		if r.Date != "2024-06-28" || r.Source != SampleSource || !r.UpdatedAt.Equal(published) {
			t.Errorf("sample rate %+v: want date 2024-06-28, source %s, updated %s", r, SampleSource, published)
		}
	}
	if len(rates) != 30 || len(codes) != 30 {
		t.Errorf("sample has %d rates of %d currencies, want 30 of 30", len(rates), len(codes))
	}
	if !bytes.Contains(sampleXML, []byte("SAMPLE dated 2024-06-28")) {
		t.Error("sample file does not say it is a dated sample")
	}
}

// zipOf returns a zip archive holding the named files.
func zipOf(t *testing.T, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range files {
			if !yield(k) {
				return
			}
		}
	}) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestParseECBZip(t *testing.T) {
	for _, name := range []string{"eurofxref.csv", "eurofxref-hist.csv", "eurofxref-hist-90d.xml"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			archive := zipOf(t, map[string]string{name: string(raw)})
			zipped, err := ParseECB(strings.NewReader(archive), "ecb", importedAt)
			if err != nil {
				t.Fatalf("ParseECB(zip of %s): %v", name, err)
			}
			if got, want := brief(zipped), brief(parseFile(t, name)); !slices.Equal(got, want) {
				t.Errorf("zipped:\n got %q\nwant %q", got, want)
			}
		})
	}
}

const envelope = `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
<Cube>
%s
</Cube>
</gesmes:Envelope>
`

// inEnvelope puts cubes at line 4 of a daily XML file.
func inEnvelope(cubes string) string { return strings.Replace(envelope, "%s", cubes, 1) }

func TestParseECBRefuses(t *testing.T) {
	cases := []struct {
		name     string
		input    string
		want     error
		line     int    // 0: the error is not a *LineError
		currency string // of the *LineError
	}{
		{"empty", "", ErrUnknownFormat, 0, ""},
		{"only space", " \n\t\r\n", ErrUnknownFormat, 0, ""},
		{"JSON", `{"USD": 1.0705}`, ErrUnknownFormat, 0, ""},
		{"HTML error page", "<!DOCTYPE html>\n<html><body>404</body></html>", ErrUnknownFormat, 0, ""},
		{"other XML", `<rates><Cube currency="USD" rate="1"/></rates>`, ErrUnknownFormat, 0, ""},
		{"not really a zip", "PK\x03\x04 but not a zip", ErrUnknownFormat, 0, ""},
		{"zip without rates file", zipOf(t, map[string]string{"notes.txt": "hi"}), ErrUnknownFormat, 0, ""},
		{"zip with two rates files", zipOf(t, map[string]string{"a.csv": "Date,USD,\n2024-06-28,1,\n", "b.xml": "<x/>"}), ErrUnknownFormat, 0, ""},

		{"XML cut short", inEnvelope("<Cube time='2024-06-28'>\n<Cube currency='USD' rate='1.07'/>")[:180], ErrSyntax, -1, ""},
		{"XML rate outside a dated Cube", inEnvelope("<Cube currency='USD' rate='1.0705'/>"), ErrSyntax, 4, "USD"},
		{"XML bad date", inEnvelope("<Cube time='28.06.2024'>\n<Cube currency='USD' rate='1.0705'/></Cube>"), ErrSyntax, 4, ""},
		{"XML rate with a comma", inEnvelope("<Cube time='2024-06-28'>\n<Cube currency='USD' rate='1,0705'/></Cube>"), domain.ErrInvalidRate, 5, "USD"},
		{"XML negative rate", inEnvelope("<Cube time='2024-06-28'>\n<Cube currency='JPY' rate='-171.94'/></Cube>"), domain.ErrInvalidRate, 5, "JPY"},
		{"XML missing rate", inEnvelope("<Cube time='2024-06-28'>\n<Cube currency='JPY'/></Cube>"), domain.ErrInvalidRate, 5, "JPY"},
		{"XML unknown currency", inEnvelope("<Cube time='2024-06-28'>\n<Cube currency='XYZ' rate='1.5'/></Cube>"), domain.ErrInvalidCurrency, 5, "XYZ"},
		{"XML rate of the base", inEnvelope("<Cube time='2024-06-28'>\n<Cube currency='EUR' rate='1'/></Cube>"), ErrSyntax, 5, "EUR"},
		{"XML currency twice a day", inEnvelope("<Cube time='2024-06-28'>\n<Cube currency='USD' rate='1.07'/>\n<Cube currency='USD' rate='1.08'/></Cube>"), ErrSyntax, 6, "USD"},
		{"XML without rates", inEnvelope(""), ErrNoRates, 0, ""},

		{"CSV unknown currency in header", "Date,USD,XYZ,\n2024-06-28,1.07,2,\n", domain.ErrInvalidCurrency, 1, "XYZ"},
		{"CSV header without currencies", "Date,\n2024-06-28,\n", ErrSyntax, 1, ""},
		{"CSV bad value", "Date,USD,JPY,\n2024-06-28,1.07,171.94,\n2024-06-27,1.06,abc,\n", domain.ErrInvalidRate, 3, "JPY"},
		{"CSV zero rate", "Date, USD, \n28 June 2024, 0, \n", domain.ErrInvalidRate, 2, "USD"},
		{"CSV implausibly large rate", "Date,USD,JPY,\n2024-06-28,1.07,1e17,\n", domain.ErrInvalidRate, 2, "JPY"},
		{"CSV implausibly small rate", "Date,USD,JPY,\n2024-06-28,0.0000001,171.94,\n", domain.ErrInvalidRate, 2, "USD"},
		{"XML implausibly large rate", inEnvelope("<Cube time='2024-06-28'>\n<Cube currency='IDR' rate='17000000000'/></Cube>"), domain.ErrInvalidRate, 5, "IDR"},
		{"CSV bad date", "Date,USD,\n28/06/2024,1.07,\n", ErrSyntax, 2, ""},
		{"CSV short row", "Date,USD,JPY,\n2024-06-28,1.07\n", ErrSyntax, 2, ""},
		{"CSV value without a currency", "Date,USD,\n2024-06-28,1.07,5\n", ErrSyntax, 2, ""},
		{"CSV broken quote", "Date,USD,\n2024-06-28,\"1.07,\n", ErrSyntax, -1, ""},
		{"CSV currency twice a day", "Date,USD,\n2024-06-28,1.07,\n2024-06-28,1.08,\n", ErrSyntax, 3, "USD"},
		{"CSV header only", "Date,USD,\n", ErrNoRates, 0, ""},
		{"CSV only N/A", "Date,USD,\n2024-06-28,N/A,\n", ErrNoRates, 0, ""},
		{"zipped CSV with a bad value", zipOf(t, map[string]string{"eurofxref.csv": "Date,USD,\n2024-06-28,x,\n"}), domain.ErrInvalidRate, 2, "USD"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rates, err := ParseECB(strings.NewReader(tc.input), "ecb", importedAt)
			if !errors.Is(err, tc.want) {
				t.Fatalf("ParseECB = %d rates, %v; want %v", len(rates), err, tc.want)
			}
			if rates != nil {
				t.Errorf("ParseECB returned %d rates with the error; a bad file must import nothing", len(rates))
			}
			checkLineError(t, err, tc.line, tc.currency)
		})
	}
}

// checkLineError checks where err says the problem is. line -1 accepts any
// line the parser reports; line 0 wants no *LineError at all.
func checkLineError(t *testing.T, err error, line int, currency string) {
	t.Helper()
	var le *LineError
	switch {
	case line == 0:
		if errors.As(err, &le) {
			t.Errorf("error %v names line %d; want no line", err, le.Line)
		}
	case !errors.As(err, &le):
		t.Errorf("error %v names no line", err)
	case line > 0 && le.Line != line:
		t.Errorf("error %v names line %d, want %d", err, le.Line, line)
	case le.Line <= 0:
		t.Errorf("error %v names line %d", err, le.Line)
	case le.Currency != currency:
		t.Errorf("error %v names currency %q, want %q", err, le.Currency, currency)
	}
	if currency != "" && !strings.Contains(err.Error(), currency) {
		t.Errorf("error %q does not name %s", err, currency)
	}
}
