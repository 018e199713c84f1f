package main

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/checklist"
)

// checkReport is the JSON that check --json prints.
type checkReport struct {
	Model       string                         `json:"model"`
	Half        string                         `json:"half"`
	N           int                            `json:"n"`
	Passed      int                            `json:"passed"`
	PassRate    float64                        `json:"pass_rate"`
	PerCategory map[string]checklist.TallyJSON `json:"per_category"`
	PerGroup    map[string]checklist.TallyJSON `json:"per_group"`
	Failures    []checklist.FailureJSON        `json:"failures"`
}

func runCheckJSON(t *testing.T, args ...string) checkReport {
	t.Helper()
	got := runCLI(t, "", append([]string{"check", "--json", "--model", "model.gob"}, args...)...)
	if got.code != exitOK || got.stderr != "" {
		t.Fatalf("exit status %d, stderr %q", got.code, got.stderr)
	}
	var r checkReport
	if err := json.Unmarshal([]byte(got.stdout), &r); err != nil {
		t.Fatalf("%v in %q", err, got.stdout)
	}
	return r
}

func TestCheckJSONReportsEveryCategory(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	r := runCheckJSON(t)

	cases := checklist.Select(checklist.HalfReport)
	if r.Model != "model.gob" || r.Half != checklist.HalfReport || r.N != len(cases) || r.Passed > r.N || r.PassRate != float64(r.Passed)/float64(r.N) {
		t.Errorf("model %q, half %q, %d of %d passed, pass rate %v; want model.gob, the report half and its %d cases",
			r.Model, r.Half, r.Passed, r.N, r.PassRate, len(cases))
	}
	if got := slices.Sorted(maps.Keys(r.PerGroup)); !slices.Equal(got, slices.Sorted(slices.Values(checklist.Groups))) {
		t.Errorf("groups %q, want %q", got, checklist.Groups)
	}
	var names []string
	for _, c := range checklist.Categories {
		names = append(names, c.Name)
	}
	if got := slices.Sorted(maps.Keys(r.PerCategory)); !slices.Equal(got, slices.Sorted(slices.Values(names))) {
		t.Errorf("categories %q, want %q", got, names)
	}
	n, passed := 0, 0
	for _, c := range r.PerCategory {
		n += c.N
		passed += c.Passed
	}
	if n != r.N || passed != r.Passed {
		t.Errorf("categories add up to %d of %d, want %d of %d", passed, n, r.Passed, r.N)
	}
	if want := min(10, r.N-r.Passed); len(r.Failures) != want {
		t.Errorf("%d failures listed, want %d", len(r.Failures), want)
	}
	for i, f := range r.Failures {
		if f.Expected == f.Got || f.Probability < 0.5 || i > 0 && f.Probability > r.Failures[i-1].Probability {
			t.Errorf("failure %d %+v is not a mistake listed most confident first", i, f)
		}
	}
}

func TestCheckShowsBagOfWordsFailsContrastPairs(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t, "--arch", "bow")
	r := runCheckJSON(t, "--failures", "0")
	if got := r.PerGroup[checklist.Contrast].PassRate; got != 0.5 {
		t.Errorf("bag of words passes %.3f of the contrast pairs, want exactly half", got)
	}
	if len(r.Failures) != 0 {
		t.Errorf("%d failures listed, want none with --failures 0", len(r.Failures))
	}
}

func TestCheckTextReport(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	got := runCLI(t, "", "check", "--model", "model.gob", "--failures", "3")
	if got.code != exitOK || got.stderr != "" {
		t.Fatalf("exit status %d, stderr %q", got.code, got.stderr)
	}
	lines := strings.Split(got.stdout, "\n")
	if lines[0] != "model  model.gob" || lines[1] != "half   report" || !strings.HasPrefix(lines[3], "category") {
		t.Errorf("report starts %q, want the model, the half and the category table", lines[:4])
	}
	var names []string
	for _, c := range checklist.Categories {
		names = append(names, c.Name)
	}
	names = append(append(names, checklist.Groups...), "all")
	for i, name := range names {
		if !strings.HasPrefix(lines[4+i], name+" ") {
			t.Errorf("line %q, want %s", lines[4+i], name)
		}
	}
	failures := lines[5+len(names):]
	if !strings.HasSuffix(failures[0], "failures, most confident first:") || !regexp.MustCompile(`^category +expected +got`).MatchString(failures[1]) ||
		len(failures) != 2+3+1 {
		t.Errorf("failures section %q, want a title, a header and three failures", failures)
	}
}

func TestCheckNeedsNegativeAndPositiveClasses(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(map[string]string{"negative": "bad", "positive": "good"}, false))
	trainSmall(t)
	got := runCLI(t, "", "check", "--model", "model.gob")
	want := "rnnsent: model.gob: rnnsent check needs a model with the classes negative and positive (or 0 and 1, neg and pos); this one has bad, good\n"
	if got.code != exitError || got.stderr != want {
		t.Errorf("exit status %d, stderr %q; want 1 and %q", got.code, got.stderr, want)
	}
}

func TestCheckJudgesThreeClassModelsOnNegativeAgainstPositive(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(threeClass, false))
	trainSmall(t)
	r := runCheckJSON(t, "--half", "all")
	if r.Half != checklist.HalfAll || r.N != len(checklist.Cases()) {
		t.Errorf("half %q, %d cases; want all and %d", r.Half, r.N, len(checklist.Cases()))
	}
	for _, f := range r.Failures {
		if f.Got != checklist.Negative && f.Got != checklist.Positive {
			t.Errorf("failure %+v: got %q, want negative or positive", f, f.Got)
		}
	}
}

func TestCheckUsageAndFileErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode exitCode
		want     string // stderr after "rnnsent: "
	}{
		{"negative failures", []string{"check", "--failures", "-1"}, exitUsage, "--failures must be at least 0, got -1"},
		{"unknown half", []string{"check", "--half", "dev"}, exitUsage, `--half must be tune, report or all, got "dev"`},
		{"an argument", []string{"check", "model.gob"}, exitUsage, `rnnsent check takes no arguments, got "model.gob"`},
		{"missing model", []string{"check", "--model", "missing.gob"}, exitError,
			`missing.gob: no such file; train a model with "rnnsent train" or name one with --model`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			got := runCLI(t, "", tt.args...)
			if want := "rnnsent: " + tt.want + "\n"; got.code != tt.wantCode || got.stderr != want {
				t.Errorf("exit status %d, stderr %q; want %d and %q", got.code, got.stderr, tt.wantCode, want)
			}
		})
	}
}
