package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// offline are the examples that cannot run here, with the reason (data get
// downloads: internal/fetch tests it against local servers; serve runs
// until it is stopped, on a fixed port: internal/serve and serve_test.go
// run it on a free one); every other example of the help must run and
// exit 0.
var offline = map[string]string{
	"rnnsent data get sst2":                  "network",
	"rnnsent data get imdb --dir ~/datasets": "network",
	"RNNSENT_DATA_MIRROR=https://mirror.example.org/sentiment rnnsent data get uci": "network",
	"rnnsent serve": "a server",
	"rnnsent serve --model gru.gob --addr :8080":                                                                         "a server",
	"rnnsent serve --model sst2=sst2.gob --model imdb=imdb.gob --log-format json":                                        "a server",
	`curl -s localhost:8080/v1/models/sst2:predict -H 'Content-Type: application/json' -d '{"instances": ["Not bad!"]}'`: "a request to the server above",
}

// helpExampleLines returns every example line of the help files and of
// every command's Example, each once, in the order first met.
func helpExampleLines() (lines []string) {
	add := func(example string) {
		for _, l := range strings.Split(example, "\n") {
			if l = strings.TrimSpace(l); l != "" && !slices.Contains(lines, l) {
				lines = append(lines, l)
			}
		}
	}
	files, _ := helpFiles.ReadDir("help")
	for _, f := range files {
		b, _ := helpFiles.ReadFile("help/" + f.Name())
		_, ex, _ := strings.Cut(string(b), helpSeparator)
		add(ex)
	}
	for _, c := range everyCommand() {
		add(c.Example)
	}
	return lines
}

// shellWords splits a command line as a shell would, for the quoting the
// examples use: words, '…' and "…".
func shellWords(line string) (words []string) {
	w, inWord, quote := []rune(nil), false, rune(0)
	for _, r := range line + " " {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0 || (r != ' ' && r != '\'' && r != '"'):
			w, inWord = append(w, r), true
		case r != ' ':
			quote, inWord = r, true
		case inWord:
			words, w, inWord = append(words, string(w)), nil, false
		}
	}
	return words
}

// exampleFixtures makes, in the current directory, the files the examples
// name, and the models they read, trained small.
func exampleFixtures(t *testing.T) {
	t.Helper()
	csv := reviews(map[string]string{"negative": "negative", "positive": "positive"}, false)
	var withReview, texts, jsonl strings.Builder
	withReview.WriteString("text,label,review\n")
	for _, row := range strings.Split(strings.TrimSpace(csv), "\n")[1:] {
		text, _, _ := strings.Cut(row, ",")
		withReview.WriteString(row + "," + text + "\n")
		texts.WriteString(text + "\n")
		j, _ := json.Marshal(map[string]string{"text": text})
		jsonl.WriteString(string(j) + "\n")
	}
	files := map[string]string{"reviews.csv": withReview.String(), "test.csv": "review,sentiment" + strings.TrimPrefix(csv, "text,label"),
		"reviews.txt": texts.String(), "posts.jsonl.gz": gzipped(jsonl.String()),
		"data/sst2/train.csv": csv, "data/sst2/dev.csv": reviews(map[string]string{"negative": "negative", "positive": "positive"}, true)}
	for _, name := range []string{"reviews.csv", "reviews-dev.csv"} { // the repository's
		b, err := os.ReadFile(filepath.Join("..", "..", "data", name))
		if err != nil {
			t.Fatal(err)
		}
		files["data/"+name] = string(b)
	}
	t.Chdir(t.TempDir())
	os.MkdirAll("data/sst2", 0o755) // writeFile fails if it could not
	for name, content := range files {
		writeFile(t, name, content)
	}
	for model, flags := range map[string][]string{"model.gob": nil, "gru.gob": {"--cell", "gru"}, "bow.gob": {"--arch", "bow"}} {
		small := []string{"train", "--data", "reviews.csv", "--model", model, "--epochs", "1", "--hidden", "8", "--embed-dim", "8", "--quiet"}
		if got := runCLI(t, "", append(small, flags...)...); got.code != exitOK {
			t.Fatalf("%s: exit status %d, stderr %q", model, got.code, got.stderr)
		}
	}
}

// TestHelpExamplesRun runs every example of every --help in a folder
// holding the files they name. Of a pipeline it runs the rnnsent part, with
// the standard input the command before it or a < gives; a > is not
// followed (its output is dropped), so completion examples that install a
// script under /etc or the home folder write nothing.
func TestHelpExamplesRun(t *testing.T) {
	lines := helpExampleLines()
	exampleFixtures(t)
	ran := 0
	for _, line := range lines {
		t.Run(line, func(t *testing.T) {
			if why, ok := offline[line]; ok {
				t.Skipf("needs the %s", why)
			}
			if s, ok := strings.CutPrefix(line, "source <("); ok {
				line = strings.TrimSuffix(s, ")")
			}
			stages := [][]string{{}}
			for _, w := range shellWords(line) {
				if w == "|" {
					stages = append(stages, nil)
				} else {
					stages[len(stages)-1] = append(stages[len(stages)-1], w)
				}
			}
			i := slices.IndexFunc(stages, func(s []string) bool { return len(s) > 0 && s[0] == "rnnsent" })
			if i < 0 {
				t.Fatalf("no rnnsent command in %q", line)
			}
			stdin := ""
			if i > 0 {
				stdin = catFile(t, stages[i-1])
			}
			args := stages[i][1:]
			if j := slices.Index(args, "<"); j >= 0 {
				stdin, args = catFile(t, []string{"cat", args[j+1]}), slices.Delete(args, j, j+2)
			}
			if j := slices.Index(args, ">"); j >= 0 { // the last words in every example
				args = args[:j]
			}
			// The full data set at the default 10 epochs takes 30 s a run
			// on a busy machine: such examples run one epoch here.
			if args[0] == "train" && slices.Contains(args, "data/reviews.csv") && !slices.Contains(args, "--epochs") {
				args = append(args, "--epochs", "1")
			}
			// inspect gradients without a text trains three cells for 20
			// epochs, 25 s on a busy machine: here the simple RNN alone.
			synthetic := !slices.ContainsFunc(args, func(a string) bool { return strings.Contains(a, " ") })
			if len(args) > 1 && args[1] == "gradients" && synthetic && !slices.Contains(args, "--cell") {
				args = append(args, "--cell", "rnn")
			}
			if slices.Contains(args, "--resume") {
				interruptSmall(t) // leaves model.gob.resume
			}
			got := runCLI(t, stdin, args...)
			if got.code != exitOK {
				t.Fatalf("rnnsent %q: exit status %d, stderr %q", args, got.code, got.stderr)
			}
			if i+1 < len(stages) && stages[i+1][0] == "jq" {
				for _, l := range strings.Split(strings.TrimSpace(got.stdout), "\n") {
					if !json.Valid([]byte(l)) {
						t.Errorf("jq gets a line that is not JSON: %q", l)
					}
				}
			}
			ran++
		})
	}
	if ran+len(offline) != len(lines) || ran < 30 {
		t.Errorf("ran %d of %d examples, skipped %d", ran, len(lines), len(offline))
	}
}

// catFile returns what `cat FILE` or `zcat FILE` writes.
func catFile(t *testing.T, cmd []string) string {
	t.Helper()
	if len(cmd) != 2 || (cmd[0] != "cat" && cmd[0] != "zcat") {
		t.Fatalf("no standard input for a pipe from %q", cmd)
	}
	b, err := os.ReadFile(cmd[1])
	if err == nil && cmd[0] == "zcat" {
		var r io.Reader
		if r, err = gzip.NewReader(bytes.NewReader(b)); err == nil {
			b, err = io.ReadAll(r)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
