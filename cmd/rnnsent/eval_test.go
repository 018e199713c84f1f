package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/charts"
)

func TestEvalReportsMetrics(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "dev.csv", reviews(binary, true))
	trainSmall(t)

	got := runCLI(t, "", "eval", "--model", "model.gob", "--data", "dev.csv", "--json")
	if got.code != exitOK || got.stderr != "" {
		t.Fatalf("exit status %d, stderr %q", got.code, got.stderr)
	}
	var out struct {
		Model, Data string
		N           int
		Accuracy    *float64
		Loss        *float64
		MacroF1     *float64 `json:"macro_f1"`
		PerClass    map[string]struct {
			Precision, Recall, F1 *float64
			Support               int
		} `json:"per_class"`
		Confusion struct {
			Labels []string
			Matrix [][]int
		}
		PerCategory map[string]struct {
			N        int
			Accuracy *float64
		} `json:"per_category"`
	}
	if err := json.Unmarshal([]byte(got.stdout), &out); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, got.stdout)
	}
	if out.Model != "model.gob" || out.Data != "dev.csv" || out.N != 60 || out.Accuracy == nil || out.Loss == nil || out.MacroF1 == nil {
		t.Errorf("JSON %s lacks model, data, n, accuracy, loss or macro_f1", got.stdout)
	}
	for _, name := range []string{"negative", "positive"} {
		c, ok := out.PerClass[name]
		if !ok || c.Precision == nil || c.Recall == nil || c.F1 == nil || c.Support != 30 {
			t.Errorf("per_class[%q] = %+v, want precision, recall, f1 and support 30", name, c)
		}
	}
	if !slices.Equal(out.Confusion.Labels, []string{"negative", "positive"}) || len(out.Confusion.Matrix) != 2 ||
		out.Confusion.Matrix[0][0]+out.Confusion.Matrix[0][1] != 30 {
		t.Errorf("confusion %+v, want a 2×2 matrix over negative, positive", out.Confusion)
	}
	if len(out.PerCategory) != 2 || out.PerCategory["template1"].N != 30 || out.PerCategory["template2"].Accuracy == nil {
		t.Errorf("per_category %+v, want template1 and template2 with 30 rows each", out.PerCategory)
	}

	text := runCLI(t, "", "eval", "--model", "model.gob", "--data", "dev.csv")
	for _, want := range []string{"accuracy  ", "class     precision  recall  F1", "true \\ predicted  negative  positive\n",
		"category   texts  accuracy\ntemplate1  30     "} {
		if !strings.Contains(text.stdout, want) {
			t.Errorf("eval output lacks %q:\n%s", want, text.stdout)
		}
	}
}

func TestEvalWithoutCategoryColumnHasNoCategories(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	got := runCLI(t, "", "eval", "--model", "model.gob", "--data", "train.csv", "--json")
	if strings.Contains(got.stdout, "per_category") || got.code != exitOK {
		t.Errorf("exit status %d, stdout %s; want no per_category", got.code, got.stdout)
	}
}

// TestEvalRefusesAConfusionPlotTooWideToDraw: a model of more classes than
// the image has room for drew an image of nothing but ink, status 0, where
// the text report said the matrix was too wide to read.
func TestEvalRefusesAConfusionPlotTooWideToDraw(t *testing.T) {
	tests := []struct {
		name    string
		classes int
		class   string // the classes' names, of their number
		code    exitCode
		stderr  string
	}{
		{"as many classes as the image holds", charts.MaxConfusionClasses, "class%02d", exitOK, ""},
		{"one class more", charts.MaxConfusionClasses + 1, "class%02d", exitError,
			"rnnsent: wide.png: a confusion matrix of 21 classes is too wide to draw (at most 20); eval --json holds it\n"},
		{"class names of 60 letters, which leave the matrix room", 2, strings.Repeat("x", 58) + "%02d", exitOK, ""},
		{"as many classes as the image holds, named by 30 letters", charts.MaxConfusionClasses, strings.Repeat("z", 28) + "%02d", exitOK, ""},
		// Status 0, and the counts drawn off the image.
		{"class names of 80 letters, which leave it none", 2, strings.Repeat("x", 78) + "%02d", exitError,
			"rnnsent: wide.png: the class names, of up to 80 characters, are too long to draw beside a confusion matrix of 2 classes: they leave it 0 of the 120 pixels it needs; eval --json holds it\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			var b strings.Builder
			b.WriteString("text,label\n")
			for k := range tt.classes {
				for i := range 4 {
					fmt.Fprintf(&b, "word%d film %d,"+tt.class+"\n", k, i, k)
				}
			}
			writeFile(t, "wide.csv", b.String())
			if got := runCLI(t, "", append([]string{"train", "--data", "wide.csv", "--model", "wide.gob", "--subword-buckets", "0"}, small...)...); got.code != exitOK {
				t.Fatalf("train: exit status %d, stderr %q", got.code, got.stderr)
			}
			got := runCLI(t, "", "eval", "--model", "wide.gob", "--data", "wide.csv", "--plot", "wide.png")
			if got.code != tt.code || got.stderr != tt.stderr {
				t.Errorf("exit status %d, stderr %q; want %d, %q", got.code, got.stderr, tt.code, tt.stderr)
			}
			if _, err := os.Stat("wide.png"); (err == nil) != (tt.code == exitOK) {
				t.Errorf("wide.png: %v, want it written only with status 0", err)
			}
		})
	}
}
