package metrics

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/rnnsent/rnnsent/internal/human"
)

// Category is the accuracy on the rows of one category.
type Category struct {
	Name       string
	N, Correct int
}

// Accuracy is the share of the category's rows labelled right.
func (c Category) Accuracy() float64 { return float64(c.Correct) / float64(c.N) }

// Categories is the accuracy on each category counted, sorted by name; nil
// when no example had one.
func (t *Tally) Categories() []Category {
	var out []Category
	for _, c := range t.categories {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Category) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// Report is eval's report as JSON: the metrics by class name.
type Report struct {
	Model       string                  `json:"model"`
	Data        string                  `json:"data"`
	N           int                     `json:"n"`
	Accuracy    float64                 `json:"accuracy"`
	Loss        float64                 `json:"loss"`
	MacroF1     float64                 `json:"macro_f1"`
	PerClass    map[string]classJSON    `json:"per_class"`
	Confusion   confusionJSON           `json:"confusion"`
	PerCategory map[string]categoryJSON `json:"per_category,omitempty"`
}

type classJSON struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`
}

type confusionJSON struct {
	Labels []string `json:"labels"`
	Matrix [][]int  `json:"matrix"` // [true][predicted]
}

type categoryJSON struct {
	N        int     `json:"n"`
	Accuracy float64 `json:"accuracy"`
}

// What WriteText shows at most: a confusion matrix wider than a terminal
// is a wall of numbers, and a category column of thousands of values (an
// ID column named "category", most often) a screenful per hundred.
const (
	MaxConfusionShown  = 20
	MaxCategoriesShown = 50
)

// NewReport is the report of model on data, whose classes are names, as
// eval --json prints it.
func NewReport(model, data string, names []string, mt Metrics, cats []Category) Report {
	out := Report{Model: model, Data: data, N: mt.N, Accuracy: mt.Accuracy, Loss: mt.Loss, MacroF1: mt.MacroF1,
		PerClass: map[string]classJSON{}, Confusion: confusionJSON{Labels: names, Matrix: mt.Confusion}}
	for k, c := range mt.PerClass {
		out.PerClass[names[k]] = classJSON{Precision: c.Precision, Recall: c.Recall, F1: c.F1, Support: c.Support}
	}
	if len(cats) > 0 {
		out.PerCategory = map[string]categoryJSON{}
		for _, c := range cats {
			out.PerCategory[c.Name] = categoryJSON{N: c.N, Accuracy: c.Accuracy()}
		}
	}
	return out
}

// WriteText writes the report as eval prints it: a column of figures, a
// table per class, the confusion matrix, and the accuracy per category.
func (r Report) WriteText(w io.Writer) error {
	names := r.Confusion.Labels
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "model\t%s\n", human.Cell(r.Model))
	fmt.Fprintf(tw, "data\t%s (%s)\n", human.Cell(r.Data), human.Count(r.N, "text", "texts"))
	fmt.Fprintf(tw, "accuracy\t%.1f%%\n", 100*r.Accuracy)
	fmt.Fprintf(tw, "loss\t%.4f\n", r.Loss)
	fmt.Fprintf(tw, "macro F1\t%.3f\n", r.MacroF1)
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "class\tprecision\trecall\tF1\tsupport")
	for _, name := range names {
		c := r.PerClass[name]
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\n", name, c.Precision, c.Recall, c.F1, c.Support)
	}
	fmt.Fprintln(tw)
	if len(names) > MaxConfusionShown {
		fmt.Fprintf(tw, "confusion matrix of %s classes: too wide to read here; eval --json holds it\n", human.Commas(len(names)))
	} else {
		fmt.Fprintf(tw, "true \\ predicted\t%s\n", strings.Join(names, "\t"))
		for k, row := range r.Confusion.Matrix {
			fmt.Fprint(tw, names[k])
			for _, n := range row {
				fmt.Fprintf(tw, "\t%d", n)
			}
			fmt.Fprintln(tw)
		}
	}
	if len(r.PerCategory) > 0 {
		fmt.Fprintln(tw)
		fmt.Fprintln(tw, "category\ttexts\taccuracy")
		cats := slices.Sorted(maps.Keys(r.PerCategory))
		for _, name := range cats[:min(len(cats), MaxCategoriesShown)] {
			c := r.PerCategory[name]
			fmt.Fprintf(tw, "%s\t%d\t%.1f%%\n", human.Cell(name), c.N, 100*c.Accuracy)
		}
		if more := len(cats) - MaxCategoriesShown; more > 0 {
			fmt.Fprintf(tw, "and %s more %s; eval --json holds them all\n", human.Commas(more), human.Plural(more, "category", "categories"))
		}
	}
	return tw.Flush()
}
