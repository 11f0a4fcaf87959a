package domain

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"
	"unsafe"
)

// TestWordsDecodeLikeStrings: a Status or Reason decodes as a plain string
// would, known words or not.
func TestWordsDecodeLikeStrings(t *testing.T) {
	inputs := []string{
		`"received"`, `"converting"`, `"completed"`, `"failed"`, `"no_rate"`, `"malformed_event"`,
		`"compl\u0065ted"`, `"paused"`, `""`, `null`, `1`, `{}`, `"a\"b"`, "\"bad\xff\"", `"completed`,
	}
	for _, in := range inputs {
		t.Run(in, func(t *testing.T) {
			var want string
			wantErr := json.Unmarshal([]byte(in), &want)
			var status Status
			statusErr := json.Unmarshal([]byte(in), &status)
			var reason Reason
			reasonErr := json.Unmarshal([]byte(in), &reason)
			if (statusErr == nil) != (wantErr == nil) || (reasonErr == nil) != (wantErr == nil) {
				t.Fatalf("errors: status %v, reason %v, string %v", statusErr, reasonErr, wantErr)
			}
			if string(status) != want || string(reason) != want {
				t.Fatalf("status %q, reason %q, string %q", status, reason, want)
			}
		})
	}
}

// TestKnownWordsShareConstants: a known word decodes to the constant
// itself, which is what saves the allocation.
func TestKnownWordsShareConstants(t *testing.T) {
	var s Status
	if err := json.Unmarshal([]byte(`"completed"`), &s); err != nil {
		t.Fatal(err)
	}
	if unsafe.StringData(string(s)) != unsafe.StringData(string(StatusCompleted)) {
		t.Error("a decoded known status is a new string")
	}
	var r Reason
	if err := json.Unmarshal([]byte(`"overflow"`), &r); err != nil {
		t.Fatal(err)
	}
	if unsafe.StringData(string(r)) != unsafe.StringData(string(ReasonOverflow)) {
		t.Error("a decoded known reason is a new string")
	}
}

// TestReasonsListsEveryReason keeps the list of allocation-free reasons in
// step with the Reason constants declared in status.go.
func TestReasonsListsEveryReason(t *testing.T) {
	file, err := parser.ParseFile(token.NewFileSet(), "status.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "Reason" {
				continue
			}
			for _, value := range vs.Values {
				word, err := strconv.Unquote(value.(*ast.BasicLit).Value)
				if err != nil {
					t.Fatal(err)
				}
				found++
				if _, ok := knownWord([]byte(`"`+word+`"`), Reasons); !ok {
					t.Errorf("reason %q is missing from Reasons", word)
				}
			}
		}
	}
	if found != len(Reasons) {
		t.Errorf("status.go declares %d reasons, Reasons lists %d", found, len(Reasons))
	}
}
