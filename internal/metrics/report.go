package metrics

import (
	"cmp"
	"slices"
)

// Category is the accuracy on the rows of one category.
type Category struct {
	Name       string
	N, Correct int
}

// Accuracy is the share of the category's rows labelled right.
func (c Category) Accuracy() float64 { return float64(c.Correct) / float64(c.N) }

// ByCategory groups accuracy by the examples' categories, sorted by name;
// nil when no example has one. categories[i] is example i's, "" for none.
func ByCategory(categories []string, labels, predicted []int) []Category {
	var t Tally
	for i, name := range categories {
		t.addCategory(name, predicted[i] == labels[i])
	}
	return t.Categories()
}

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
