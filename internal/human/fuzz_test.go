package human

import (
	"strings"
	"testing"
)

// FuzzParseSize feeds --max-memory's parser arbitrary text. It must return
// a positive size or an error naming what it was given, never panic, and
// read a size the same in any case, as its help promises.
func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"512M", "8GiB", "1.5g", "4096", "0.5K", "", "1e300T", "NaN", "-1G", "Inf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err != nil {
			if n != 0 || !strings.Contains(err.Error(), "want a size") {
				t.Fatalf("ParseSize(%q) = %d, %v", s, n, err)
			}
			return
		}
		if n < 1 {
			t.Fatalf("ParseSize(%q) = %d, not a positive size", s, n)
		}
		if upper, err := ParseSize(strings.ToUpper(s)); err != nil || upper != n {
			t.Fatalf("ParseSize(%q) = %d but ParseSize of it in capitals = %d, %v", s, n, upper, err)
		}
	})
}
