package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/csvread"
)

// labelled returns rows "text i" with the labels given, in order.
func labelled(labels ...string) []csvread.Row {
	rows := make([]csvread.Row, len(labels))
	for i, l := range labels {
		rows[i] = csvread.Row{Text: fmt.Sprintf("text %d", i), Label: l}
	}
	return rows
}

// repeat returns n copies of label.
func repeat(label string, n int) []string { return slices.Repeat([]string{label}, n) }

func TestAssignStratifies(t *testing.T) {
	for _, tt := range []struct {
		name   string
		labels []string
		k      int
		// each fold's rows of each label, for every seed
		want map[string][]int
	}{
		{"balanced, divides evenly", append(repeat("0", 50), repeat("1", 50)...), 5,
			map[string][]int{"0": {10, 10, 10, 10, 10}, "1": {10, 10, 10, 10, 10}}},
		{"uneven classes", append(append(repeat("negative", 63), repeat("neutral", 21)...), repeat("positive", 16)...), 5,
			map[string][]int{"negative": {13, 13, 13, 12, 12}, "neutral": {5, 4, 4, 4, 4}, "positive": {4, 3, 3, 3, 3}}},
		{"interleaved labels", slices.Concat(repeat("1", 3), repeat("0", 4), repeat("1", 3), repeat("0", 2)), 3,
			map[string][]int{"0": {2, 2, 2}, "1": {2, 2, 2}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows := labelled(tt.labels...)
			for seed := range uint64(4) {
				fold, err := assign(rows, tt.k, seed)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string][]int{}
				for i, r := range rows {
					if got[r.Label] == nil {
						got[r.Label] = make([]int, tt.k)
					}
					got[r.Label][fold[i]]++
				}
				for l, want := range tt.want {
					if !slices.Equal(got[l], want) {
						t.Errorf("seed %d, label %q: rows per fold %v, want %v", seed, l, got[l], want)
					}
				}
			}
		})
	}
}

func TestAssignKeepsRepeatedTextsTogether(t *testing.T) {
	rows := labelled(append(repeat("0", 20), repeat("1", 20)...)...)
	// The same text but for case and spacing, and once with the other label.
	rows[3].Text, rows[17].Text, rows[25].Text = "Not bad at all.", "not  bad at ALL.", " Not bad at all. "
	rows[8].Text, rows[30].Text = "Dull.", "dull."
	for seed := range uint64(10) {
		fold, err := assign(rows, 4, seed)
		if err != nil {
			t.Fatal(err)
		}
		if fold[3] != fold[17] || fold[3] != fold[25] {
			t.Errorf("seed %d: folds %d, %d, %d for one text", seed, fold[3], fold[17], fold[25])
		}
		if fold[8] != fold[30] {
			t.Errorf("seed %d: folds %d, %d for one text", seed, fold[8], fold[30])
		}
	}
}

func TestAssignDependsOnTheSeedOnly(t *testing.T) {
	rows := labelled(append(repeat("0", 30), repeat("1", 30)...)...)
	a, _ := assign(rows, 5, 1)
	b, _ := assign(slices.Clone(rows), 5, 1)
	if !slices.Equal(a, b) {
		t.Errorf("seed 1 twice: %v and %v", a, b)
	}
	if c, _ := assign(rows, 5, 2); slices.Equal(a, c) {
		t.Errorf("seeds 1 and 2 deal the same folds: %v", a)
	}
}

func TestAssignErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		rows []csvread.Row
		k    int
		want string
	}{
		{"one fold", labelled("0", "1", "0", "1"), 1, "at least 2 folds"},
		{"more folds than texts", []csvread.Row{{Text: "a", Label: "0"}, {Text: "A", Label: "1"}, {Text: "b", Label: "1"}}, 3, "fold 2 gets no rows (2 distinct texts in 2 labels)"},
		{"as many texts as folds, fewer in each label", labelled("0", "1"), 2, "fold 2 gets no rows"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := assign(tt.rows, tt.k, 1)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestMajorityLabel(t *testing.T) {
	for _, tt := range []struct {
		name   string
		labels []string
		want   string
	}{
		{"one row", []string{"1"}, "1"},
		{"majority", []string{"0", "1", "1"}, "1"},
		{"tie: the earliest row's label", []string{"1", "0", "0", "1"}, "1"},
		{"tie after another label", []string{"neutral", "0", "1", "1", "0"}, "0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows := labelled(tt.labels...)
			idx := make([]int, len(rows))
			for i := range idx {
				idx[i] = i
			}
			if got := majorityLabel(rows, idx); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRunWritesEveryRowOnceToATestFold(t *testing.T) {
	dir := t.TempDir()
	in1, in2 := filepath.Join(dir, "train.csv"), filepath.Join(dir, "dev.csv")
	var b strings.Builder
	b.WriteString("text,label,category\n")
	for i := range 12 {
		fmt.Fprintf(&b, "\"row %d, with \"\"quotes\"\"\",%d,x\n", i, i%2)
	}
	os.WriteFile(in1, []byte(b.String()), 0o644)
	os.WriteFile(in2, []byte("label,text\n1,dev one\n0,dev two\n"), 0o644)
	out := filepath.Join(dir, "folds")
	var stdout strings.Builder
	if err := run([]string{"-k", "3", "-seed", "7", "-out", out, in1, in2}, &stdout); err != nil {
		t.Fatal(err)
	}
	read := func(path string) []string {
		f, err := csvread.ReadFile(path, csvread.Options{NeedLabel: true})
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, r := range f.Rows {
			texts = append(texts, r.Text+"|"+r.Label)
		}
		return texts
	}
	all := slices.Concat(read(in1), read(in2))
	var tested []string
	for i := 1; i <= 3; i++ {
		sub := filepath.Join(out, fmt.Sprint(i))
		train, test := read(filepath.Join(sub, "train.csv")), read(filepath.Join(sub, "test.csv"))
		if got := slices.Sorted(slices.Values(slices.Concat(train, test))); !slices.Equal(got, slices.Sorted(slices.Values(all))) {
			t.Errorf("fold %d: train + test = %v, want every row once", i, got)
		}
		tested = append(tested, test...)
	}
	slices.Sort(tested)
	if want := slices.Sorted(slices.Values(all)); !slices.Equal(tested, want) {
		t.Errorf("the test folds hold %v, want every row once", tested)
	}
	if want := out + "/1: 8 rows to train on, 6 to test\n"; !strings.HasPrefix(stdout.String(), want) {
		t.Errorf("stdout %q, want it to begin %q", stdout.String(), want)
	}
}

func TestRunRejectsOneLabel(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "train.csv")
	os.WriteFile(in, []byte("text,label\na,1\nb,1\nc,1\n"), 0o644)
	err := run([]string{"-k", "2", "-out", filepath.Join(dir, "folds"), in}, new(strings.Builder))
	if err == nil || !strings.Contains(err.Error(), "at least two classes") {
		t.Errorf("error %v, want one about the classes", err)
	}
}
