package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// dataDir is the module's data folder, seen from this package.
var dataDir = filepath.Join("..", "..", "data")

func TestCommittedFilesAreFresh(t *testing.T) {
	out, err := files()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range out {
		got, err := os.ReadFile(filepath.Join(dataDir, f.name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.data) {
			t.Errorf("data/%s is stale: run go run ./tools/demodata", f.name)
		}
	}
}

func readCSV(t *testing.T, name string, header ...string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dataDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != strings.Join(header, ",") {
		t.Fatalf("%s: header %q, want %q", name, got, strings.Join(header, ","))
	}
	return recs[1:]
}

func TestCommittedFiles(t *testing.T) {
	train := readCSV(t, trainFile, "text", "label")
	dev := readCSV(t, devFile, "text", "label", "category")
	if len(train) != 5*trainPerCategory || len(dev) != 5*devPerCategory {
		t.Errorf("got %d train and %d dev rows, want %d and %d",
			len(train), len(dev), 5*trainPerCategory, 5*devPerCategory)
	}

	seen := map[string]string{} // normalized text -> file
	for _, s := range heldOut {
		seen[normalize(s)] = "the held-out demo sentences"
	}
	for _, f := range []struct {
		name string
		recs [][]string
	}{{trainFile, train}, {devFile, dev}} {
		labels := map[string]int{}
		for i, rec := range f.recs {
			text, label := rec[0], rec[1]
			line := i + 2
			labels[label]++
			if label != negative && label != positive {
				t.Errorf("%s:%d: label %q", f.name, line, label)
			}
			if n := len(strings.Fields(text)); n < 3 || n > 20 {
				t.Errorf("%s:%d: %q has %d words, want 3 to 20", f.name, line, text, n)
			}
			for _, s := range heldOut {
				if text == s {
					t.Errorf("%s:%d: held-out sentence %q", f.name, line, s)
				}
			}
			key := normalize(text)
			if where, ok := seen[key]; ok {
				t.Errorf("%s:%d: %q repeats a text of %s", f.name, line, text, where)
			}
			seen[key] = f.name
		}
		if labels[negative] != labels[positive] {
			t.Errorf("%s: %d negative and %d positive rows, want them equal", f.name, labels[negative], labels[positive])
		}
	}

	// Each dev category has the labels its name promises.
	want := map[string][2]int{ // category -> negative, positive
		plain:      {devPerCategory / 2, devPerCategory / 2},
		negatedPos: {devPerCategory, 0},
		negatedNeg: {0, devPerCategory},
		comparison: {devPerCategory / 2, devPerCategory / 2},
		contrast:   {devPerCategory / 2, devPerCategory / 2},
	}
	got := map[string][2]int{}
	for _, rec := range dev {
		c := got[rec[2]]
		if rec[1] == negative {
			c[0]++
		} else {
			c[1]++
		}
		got[rec[2]] = c
	}
	for cat, w := range want {
		if got[cat] != w {
			t.Errorf("dev category %s: got %v negative/positive, want %v", cat, got[cat], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("dev categories %v, want %v", got, want)
	}
}

// The held-out sentences must be new to the model, but their building blocks
// must not: the model is to generalise from close variants.
func TestCloseVariantsOfHeldOut(t *testing.T) {
	var notBad, notAsGood bool
	for _, rec := range readCSV(t, trainFile, "text", "label") {
		key := normalize(rec[0])
		notBad = notBad || strings.HasPrefix(key, "not bad ") && rec[1] == positive
		notAsGood = notAsGood || strings.Contains(key, "not as good as") && rec[1] == negative
	}
	if !notBad {
		t.Error(`no positive training row starts with "not bad"`)
	}
	if !notAsGood {
		t.Error(`no negative training row contains "not as good as"`)
	}
}

// Every contrast row has a twin with the same words and the other label.
func TestContrastPairs(t *testing.T) {
	bag := func(text string) string {
		ws := strings.Fields(normalize(text))
		slices.Sort(ws)
		return strings.Join(ws, " ")
	}
	labels := map[string][]string{} // bag of words -> labels
	for _, rec := range readCSV(t, devFile, "text", "label", "category") {
		if rec[2] == contrast {
			labels[bag(rec[0])] = append(labels[bag(rec[0])], rec[1])
		}
	}
	for b, ls := range labels {
		slices.Sort(ls)
		if !slices.Equal(ls, []string{negative, positive}) {
			t.Errorf("contrast words %q: labels %v, want one negative and one positive", b, ls)
		}
	}
}

func TestTemplates(t *testing.T) {
	for _, tm := range templates {
		fill, known := map[string]string{}, true
		for _, s := range slots(tm.text) {
			list, ok := words[strings.TrimRight(s, "0123456789")]
			if !ok {
				t.Errorf("%q: no word list for {%s}", tm.text, s)
				known = false
				continue
			}
			fill[s] = list[len(list)-1]
		}
		if !known {
			continue
		}
		if n := len(strings.Fields(expand(tm.text, fill))); n < minWords || n > maxWords {
			t.Errorf("%q expands to %d words, want %d to %d", tm.text, n, minWords, maxWords)
		}
		if tm.category == contrast && (!strings.Contains(tm.text, "{P}") || !strings.Contains(tm.text, "{N}")) {
			t.Errorf("contrast %q needs both {P} and {N} to make its pair", tm.text)
		}
	}
}

func TestSlots(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"none", "I can't complain", nil},
		{"one", "not {P} at all", []string{"P"}},
		{"in order", "{the} {S} {wasnt} {P}", []string{"the", "S", "wasnt", "P"}},
		{"numbered", "{P} {S}, {P2} {S2}", []string{"P", "S", "P2", "S2"}},
		{"adjacent", "{P}{N}", []string{"P", "N"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := slots(tc.text)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("slots(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		fill       map[string]string
		want       string
	}{
		{"no slots", "I can't complain", nil, "I can't complain"},
		{"one slot", "not {P} at all", map[string]string{"P": "good"}, "not good at all"},
		{"contraction", "the {S} {wasnt} {P}",
			map[string]string{"S": "food", "wasnt": "was not", "P": "tasty"}, "the food was not tasty"},
		{"repeated slot", "{P} and {P}", map[string]string{"P": "slow"}, "slow and slow"},
		{"empty word", "the {S} was {very} {N}",
			map[string]string{"S": "plot", "very": "", "N": "dull"}, "the plot was dull"},
		{"empty word first", "{very} {P}", map[string]string{"very": "", "P": "nice"}, "nice"},
		{"comma kept", "{P} {S}, {P2} {S2}",
			map[string]string{"P": "great", "S": "food", "P2": "friendly", "S2": "staff"}, "great food, friendly staff"},
		{"a before consonant", "what a {P} {S}", map[string]string{"P": "great", "S": "hotel"}, "what a great hotel"},
		{"an before vowel", "what a {N} {S}", map[string]string{"N": "awful", "S": "hotel"}, "what an awful hotel"},
		{"a inside a word", "a {S} was {N}", map[string]string{"S": "camera", "N": "awful"}, "a camera was awful"},
		{"a before empty word", "a {very} {P} book",
			map[string]string{"very": "", "P": "excellent"}, "an excellent book"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := expand(tc.text, tc.fill); got != tc.want {
				t.Errorf("expand(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestExpandMissingSlot(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("expand with a missing slot did not panic")
		}
	}()
	expand("not {P} at all", map[string]string{"N": "bad"})
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"case and punctuation", "Not bad!", "not bad"},
		{"ellipsis", "not BAD...", "not bad"},
		{"apostrophe kept", "It wasn't slow.", "it wasn't slow"},
		{"comma and spaces", "Great food,  friendly staff", "great food friendly staff"},
		{"held-out", "Not as good as I expected.", "not as good as i expected"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := normalize(tc.text); got != tc.want {
				t.Errorf("normalize(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}
