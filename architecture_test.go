// Package rnnsent holds no code: this test keeps the import rules of the
// packages below, which the README's "How it works" describes.
package rnnsent

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/rnnsent/rnnsent/"

// terminalAndFlags are the imports that read flags or talk to a terminal:
// only the command layer may use them.
var terminalAndFlags = []string{"github.com/spf13/cobra", "github.com/spf13/pflag", "github.com/schollz/progressbar/v3", "golang.org/x/term", "os/signal"}

// allowed lists, for the packages whose place in the layering matters
// most, every project package they may import: a new import is a design
// decision to make here, in the open.
var allowed = map[string][]string{
	"internal/model":     {"internal/gemm", "internal/tokenize", "internal/framed"},
	"internal/tokenize":  {"internal/human"},
	"internal/csvread":   {"internal/fileerr", "internal/human"},
	"internal/dataset":   {"internal/csvread", "internal/fileerr", "internal/human", "internal/rng", "internal/tokenize"},
	"internal/train":     {"internal/dataset", "internal/metrics", "internal/model", "internal/rng"},
	"internal/metrics":   {"internal/human", "internal/model"},
	"internal/predict":   {"internal/builtin", "internal/csvread", "internal/dataset", "internal/fileerr", "internal/framed", "internal/metrics", "internal/model", "internal/tokenize"},
	"internal/stream":    {"internal/csvread", "internal/fileerr", "internal/human", "internal/model", "internal/predict"},
	"internal/checklist": {"internal/dataset", "internal/human", "internal/predict"},
	"internal/inspect":   {"internal/charts", "internal/dataset", "internal/human", "internal/model", "internal/predict", "internal/rng", "internal/train"},
	"internal/serve":     {"internal/gemm", "internal/human", "internal/job", "internal/model", "internal/predict", "internal/stream"},
}

// imports returns the imports of the non-test Go files of each package
// directory under the module root, keyed by the directory's path.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !slices.Contains(out[dir], p) {
				out[dir] = append(out[dir], p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportRules(t *testing.T) {
	all := imports(t)
	for dir, imps := range all {
		internal := strings.HasPrefix(dir, "internal/")
		for _, imp := range imps {
			own, isOwn := strings.CutPrefix(imp, module)
			switch {
			case internal && slices.Contains(terminalAndFlags, imp):
				t.Errorf("%s imports %s: nothing under internal/ reads flags, signals or the terminal", dir, imp)
			case internal && isOwn && strings.HasPrefix(own, "cmd/"):
				t.Errorf("%s imports %s: the command layer is imported by nothing", dir, imp)
			case isOwn && allowed[dir] != nil && !slices.Contains(allowed[dir], own):
				t.Errorf("%s imports %s, which is not among what it may import (%s)", dir, own, strings.Join(allowed[dir], ", "))
			}
		}
	}
	for dir := range allowed {
		if _, ok := all[dir]; !ok {
			t.Errorf("%s: no such package; keep the rules in step with the packages", dir)
		}
	}
}
