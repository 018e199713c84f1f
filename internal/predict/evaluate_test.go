package predict

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/metrics"
)

// TestEvaluateFileScoresInChunksAsInOnePass: a file read evalChunk rows at
// a time is scored as the same rows scored at once, and its errors name the
// line they are on however far into the file.
func TestEvaluateFileScoresInChunksAsInOnePass(t *testing.T) {
	p, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"great", "dull", "not bad", "awful", "a fine cast", "never boring"}
	rows := func(n int) string {
		var b strings.Builder
		b.WriteString("text,label,category\n")
		for i := range n {
			fmt.Fprintf(&b, "%s film %d,%d,%s\n", words[i%len(words)], i, i%2, []string{"plain", "negated"}[i%3%2])
		}
		return b.String()
	}
	write := func(body string) string {
		path := filepath.Join(t.TempDir(), "eval.csv")
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	oneChunk := rows(10)
	for _, c := range []struct {
		name, body  string
		skipBadRows bool
		wantErr     string
		wantSkipped []int
	}{
		{name: "one chunk", body: oneChunk},
		{name: "a chunk and a part", body: rows(evalChunk + 7)},
		{name: "a label the model does not know, past the first chunk", body: rows(evalChunk+7) + "great,maybe,plain\n",
			wantErr: fmt.Sprintf(":%d: label \"maybe\" is not one the model knows", evalChunk+9)},
		{name: "a bad row skipped", body: oneChunk + "a,b,c,d\n", skipBadRows: true, wantSkipped: []int{12}},
		{name: "no rows", body: "text,label\n", wantErr: "no rows after the header"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := write(c.body)
			got, skipped, err := p.EvaluateFile(path, csvread.Options{NeedLabel: true, SkipBadRows: c.skipBadRows}, 64)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(skipped, c.wantSkipped) {
				t.Errorf("skipped %v, want %v", skipped, c.wantSkipped)
			}
			// The same rows at once, through the same tally.
			var texts, cats []string
			var labels []int
			for _, line := range strings.Split(strings.TrimSpace(c.body), "\n")[1:] {
				f := strings.Split(line, ",")
				if len(f) != 3 {
					continue
				}
				texts, cats = append(texts, f[0]), append(cats, f[2])
				labels = append(labels, int(f[1][0]-'0'))
			}
			probs, err := p.Texts(texts, 64)
			if err != nil {
				t.Fatal(err)
			}
			tally := metrics.NewTally(2)
			for i := range probs {
				tally.Add(probs[i], labels[i], cats[i])
			}
			want := metrics.NewReport(p.Name, path, p.Names(), tally.Metrics(), tally.Categories())
			if !reflect.DeepEqual(got, want) {
				t.Errorf("in chunks %+v\nat once %+v", got, want)
			}
		})
	}
}
