package metrics

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/txstream/txstream/domain"
)

// TestEveryDomainReasonIsALabel reads domain's source for its Reason
// constants: a reason added there must be added to knownReasons, or it
// would be counted as "other".
func TestEveryDomainReasonIsALabel(t *testing.T) {
	reasons := domainConstants(t, "Reason")
	if len(reasons) == 0 {
		t.Fatal("found no Reason constants in ../domain")
	}
	for _, r := range reasons {
		t.Run(r, func(t *testing.T) {
			if got := reasonLabel(domain.Reason(r)); got != r {
				t.Errorf("reasonLabel(%q) = %q", r, got)
			}
		})
	}
}

func TestLabelsFoldUnknownValues(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"known status", statusLabel(domain.StatusCompleted), "completed"},
		{"unknown status", statusLabel("exploded"), labelOther},
		{"no reason", reasonLabel(""), ""},
		{"unknown reason", reasonLabel("whatever"), labelOther},
		{"iso currency", currencyLabel("CHF"), "CHF"},
		{"lower-case currency", currencyLabel("chf"), labelInvalid},
		{"long string", currencyLabel("a-very-long-client-chosen-string"), labelInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// domainConstants returns the string values of domain's constants of the
// named type.
func domainConstants(t *testing.T, typeName string) []string {
	t.Helper()
	files, err := filepath.Glob("../domain/*.go")
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Type == nil {
				return true
			}
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != typeName {
				return true
			}
			for _, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					values = append(values, s)
				}
			}
			return true
		})
	}
	return values
}
