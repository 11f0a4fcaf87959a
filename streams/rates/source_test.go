package rates

import "testing"

func TestFileSource(t *testing.T) {
	tests := []struct{ name, want string }{
		{"eurofxref-hist.csv", "ecb-import:eurofxref-hist.csv"},
		{"/home/operator/Downloads/eurofxref.zip", "ecb-import:eurofxref.zip"},
		{"./rates/eurofxref-daily.xml", "ecb-import:eurofxref-daily.xml"},
		{`C:\Users\operator\eurofxref.csv`, "ecb-import:eurofxref.csv"},
		{"/", "ecb-import:file"},
		{"", "ecb-import:file"},
	}
	for _, tt := range tests {
		if got := FileSource(tt.name); got != tt.want {
			t.Errorf("FileSource(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
