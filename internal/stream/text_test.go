package stream

import (
	"math"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/predict"
)

func TestTextWriter(t *testing.T) {
	names := []string{"negative", "positive"}
	steps := []predict.Step{
		{Token: "great", Probs: []float64{0.25, 0.75}},
		{Token: "zz\x1byx", Unknown: true, Probs: []float64{0.125, 0.875}},
	}
	tests := []struct {
		name  string
		term  Terminal
		names []string
		steps []predict.Step
		probs []float64
		want  string
	}{
		{"one line without a trace", Terminal{}, names, nil, []float64{0.25, 0.75},
			"positive  0.750  great zz\\x1byx\n"},
		{"labels line up by the longest class name", Terminal{}, []string{"no", "neutral"}, nil, []float64{0.75, 0.25},
			"no       0.750  great zz\\x1byx\n"},
		{"a table for a pipe", Terminal{}, names, steps, []float64{0.125, 0.875},
			"positive  0.875  great zz\\x1byx\n" +
				"  token     negative  positive\n" +
				"  great     0.250     0.750\n" +
				"  zz\\x1byx  0.125     0.875  unknown\n\n"},
		{"columns for a terminal without colour", Terminal{TTY: true, Width: 80}, names, steps, []float64{0.125, 0.875},
			"trace: under each token, P(positive) had the text ended there: 0 negative … 1 positive\n" +
				"       (in parentheses): a word the model has not learnt\n\n" +
				"positive  0.875  great zz\\x1byx\n" +
				"  great  (zz\uFFFDyx)\n  0.75   0.88\n\n"},
		{"columns wrap at the width", Terminal{TTY: true, Width: 10}, names, steps, []float64{0.125, 0.875},
			"trace: under each token, P(positive) had the text ended there: 0 negative … 1 positive\n" +
				"       (in parentheses): a word the model has not learnt\n\n" +
				"positive  0.875  great zz\\x1byx\n" +
				"  great\n  0.75\n  (zz\uFFFDyx)\n  0.88\n\n"},
		{"a diverged model's NaN takes the first colour", Terminal{TTY: true, Color: true, Width: 80}, names,
			[]predict.Step{{Token: "x", Probs: []float64{math.NaN(), math.NaN()}}}, []float64{0.5, 0.5},
			"trace: under each token, P(positive) had the text ended there: \x1b[38;5;196m0 negative\x1b[0m … \x1b[38;5;46m1 positive\x1b[0m\n" +
				"       underlined: a word the model has not learnt\n\n" +
				"negative  0.500  great zz\\x1byx\n" +
				"  \x1b[38;5;196mx\x1b[0m\n  \x1b[38;5;196mNaN\x1b[0m\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			w := NewWriter(Text, &b, tt.names, tt.term)
			a := &Answer{Record: Record{Text: "great zz\x1byx"}, Probs: tt.probs, Steps: tt.steps}
			if err := w.Write(a); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%q\nwant\n%q", b.String(), tt.want)
			}
		})
	}
}
