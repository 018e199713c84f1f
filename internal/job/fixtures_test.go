package job

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// WriteRounds writes dir/name, a labelled CSV of n rounds of rows, each
// round's rows with its number where rows says %[1]d, then tail, and
// returns its path. Exported for the package's external tests too.
func WriteRounds(t testing.TB, dir, name, rows string, n int, tail string) string {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("text,label\n")
	for i := range n {
		fmt.Fprintf(&csv, rows, i)
	}
	csv.WriteString(tail)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
