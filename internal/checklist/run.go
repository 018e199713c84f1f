package checklist

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/human"
	"github.com/rnnsent/rnnsent/internal/predict"
)

// batch is how many cases are predicted together.
const batch = 256

// Run scores the model of p on the cases of one half (see Select).
func Run(p *predict.Predictor, half string) (Report, error) {
	neg, pos, err := polarClasses(p.Names())
	if err != nil {
		return Report{}, fmt.Errorf("%s: %w", p.Name, err)
	}
	cases := Select(half)
	texts := make([]string, len(cases))
	for i, c := range cases {
		texts[i] = c.Text
	}
	probs, err := p.Texts(texts, batch)
	if err != nil {
		return Report{}, err
	}
	positive := make([]float64, len(probs))
	for i, pr := range probs {
		positive[i] = positiveShare(pr[neg], pr[pos])
	}
	r := Score(cases, positive)
	r.Half = half
	return r, nil
}

// polarClasses finds the negative and the positive class among a model's
// class names, as dataset.Polarity reads them.
func polarClasses(names []string) (neg, pos int, err error) {
	neg, pos = -1, -1
	for k, n := range names {
		switch dataset.Polarity(n) {
		case Negative:
			neg = k
		case Positive:
			pos = k
		}
	}
	if neg < 0 || pos < 0 {
		return 0, 0, fmt.Errorf("rnnsent check needs a model with the classes negative and positive (or 0 and 1, neg and pos); this one has %s",
			human.Names(names))
	}
	return neg, pos, nil
}

// positiveShare is the probability of positive given that the answer is
// negative or positive: for a binary model, the probability of positive
// itself. Two probabilities that both round to zero say nothing either way.
func positiveShare(neg, pos float64) float64 {
	if neg+pos == 0 {
		return 0.5
	}
	return pos / (neg + pos)
}

// ReportJSON is the report as check --json prints it.
type ReportJSON struct {
	Model       string               `json:"model"`
	Half        string               `json:"half"`
	N           int                  `json:"n"`
	Passed      int                  `json:"passed"`
	PassRate    float64              `json:"pass_rate"`
	PerCategory map[string]TallyJSON `json:"per_category"`
	PerGroup    map[string]TallyJSON `json:"per_group"`
	Failures    []FailureJSON        `json:"failures"`
}

// TallyJSON is a category of ReportJSON.
type TallyJSON struct {
	N        int     `json:"n"`
	Passed   int     `json:"passed"`
	PassRate float64 `json:"pass_rate"`
}

// FailureJSON is a failed case of ReportJSON.
type FailureJSON struct {
	Category    string  `json:"category"`
	Template    string  `json:"template"`
	Text        string  `json:"text"`
	Expected    string  `json:"expected"`
	Got         string  `json:"got"`
	Probability float64 `json:"probability"`
}

// JSON is the report as check --json prints it, for the model called model.
func (r Report) JSON(model string) ReportJSON {
	out := ReportJSON{Model: model, Half: r.Half, N: r.All.N, Passed: r.All.Passed, PassRate: r.All.PassRate(),
		PerCategory: tallyJSON(r.Categories), PerGroup: tallyJSON(r.Groups), Failures: []FailureJSON{}}
	for _, f := range r.Failures {
		out.Failures = append(out.Failures, FailureJSON{Category: f.Category, Template: f.Template, Text: f.Text,
			Expected: f.Label, Got: f.Got, Probability: f.Probability})
	}
	return out
}

func tallyJSON(tallies []Tally) map[string]TallyJSON {
	out := map[string]TallyJSON{}
	for _, t := range tallies {
		out[t.Name] = TallyJSON{N: t.N, Passed: t.Passed, PassRate: t.PassRate()}
	}
	return out
}

// WriteText writes the report as check prints it, for the model called
// model: the pass rates per category and per group, then the failures
// listed.
func (r Report) WriteText(w io.Writer, model string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "model\t%s\nhalf\t%s\n\n", human.Cell(model), r.Half)
	fmt.Fprintln(tw, "category\tcases\tpassed\tpass rate")
	for _, t := range slices.Concat(r.Categories, r.Groups, []Tally{r.All}) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f%%\n", t.Name, t.N, t.Passed, 100*t.PassRate())
	}
	failed := r.All.N - r.All.Passed
	if len(r.Failures) > 0 {
		fmt.Fprintf(tw, "\n%d of %d failures, most confident first:\n", len(r.Failures), failed)
		fmt.Fprintln(tw, "category\texpected\tgot\tprobability\ttext")
		for _, f := range r.Failures {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.3f\t%s\n", f.Category, f.Label, f.Got, f.Probability, f.Text)
		}
	}
	return tw.Flush()
}
