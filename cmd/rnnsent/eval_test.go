package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
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
