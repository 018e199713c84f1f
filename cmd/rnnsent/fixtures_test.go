package main

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
)

// Fixture sentences: every template with every subject and adjective of a
// class, so the classes differ only in their adjectives.
var (
	templates  = []string{"The %s was %s.", "What a %[2]s %[1]s!"}
	subjects   = []string{"film", "food", "hotel", "phone", "book"}
	adjectives = map[string][]string{
		"negative": {"dull", "awful", "boring"},
		"neutral":  {"okay", "average", "fine"},
		"positive": {"great", "lovely", "superb"},
	}
)

// reviews returns a CSV fixture with a row for every template, subject and
// adjective of each class, labelled as labels says (class name → label).
// With category, a third column names the template.
func reviews(labels map[string]string, category bool) string {
	var b strings.Builder
	b.WriteString("text,label")
	if category {
		b.WriteString(",category")
	}
	b.WriteString("\n")
	for _, class := range slices.Sorted(maps.Keys(labels)) {
		for ti, tmpl := range templates {
			for _, s := range subjects {
				for _, a := range adjectives[class] {
					fmt.Fprintf(&b, "%s,%s", fmt.Sprintf(tmpl, s, a), labels[class])
					if category {
						fmt.Fprintf(&b, ",template%d", ti+1)
					}
					b.WriteString("\n")
				}
			}
		}
	}
	return b.String()
}

var (
	binary     = map[string]string{"negative": "0", "positive": "1"}
	threeClass = map[string]string{"negative": "negative", "neutral": "neutral", "positive": "positive"}
)

// small are the flags of a model that trains in a blink.
var small = []string{"--epochs", "2", "--hidden", "8", "--embed-dim", "8", "--quiet"}

// trainSmall trains a small model on the binary fixture in the current
// directory and returns the result.
func trainSmall(t *testing.T, args ...string) result {
	t.Helper()
	if _, err := os.Stat("train.csv"); err != nil {
		writeFile(t, "train.csv", reviews(binary, false))
	}
	got := runCLI(t, "", append(append([]string{"train", "--data", "train.csv"}, small...), args...)...)
	if got.code != exitOK {
		t.Fatalf("train: exit status %d, stderr %q", got.code, got.stderr)
	}
	return got
}
