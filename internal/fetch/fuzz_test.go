package fetch

import (
	"strings"
	"testing"
)

// FuzzReadTabbed feeds the reader of GLUE's and UCI's downloaded files
// arbitrary text: it must fail in one line that names the file, or give
// rows that a CSV file can hold as the converters write them: a label 0
// or 1 and a text without tabs at its ends or a line break.
func FuzzReadTabbed(f *testing.F) {
	f.Add("sentence\tlabel\nA fine film .\t1\n\nDull .\t0\n", "sentence\tlabel")
	f.Add("Good\t1\r\nBad\t 0 \n", "")
	f.Add("no tab here\n", "")
	f.Fuzz(func(t *testing.T, text, header string) {
		rows, err := readTabbed(strings.NewReader(text), "train.tsv", header)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "train.tsv") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q: want one line naming the file", err)
			}
			return
		}
		if len(rows) == 0 {
			t.Fatal("no rows and no error")
		}
		for _, r := range rows {
			if r.Label != "0" && r.Label != "1" || r.Text == "" || strings.ContainsAny(r.Text, "\n") || strings.TrimSpace(r.Text) != r.Text {
				t.Fatalf("row %q", r)
			}
		}
	})
}
