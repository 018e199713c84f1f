package inspect

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/rnnsent/rnnsent/internal/human"
)

// ResultJSON is one line of inspect gradients --json for the synthetic task.
type ResultJSON struct {
	Cell               string    `json:"cell"`
	Distance           int       `json:"distance"`
	Accuracy           float64   `json:"accuracy"`
	State              string    `json:"state"`
	Norms              []float64 `json:"norms"`
	HiddenNorms        []float64 `json:"hidden_norms,omitempty"`
	InitialNorms       []float64 `json:"initial_norms"`
	InitialHiddenNorms []float64 `json:"initial_hidden_norms,omitempty"`
}

// JSON is r as a line of inspect gradients --json.
func (r Result) JSON() ResultJSON {
	return ResultJSON{r.Cell, r.Distance, r.Accuracy, r.Norms.State, r.Norms.Memory, r.Norms.Hidden, r.Initial.Memory, r.Initial.Hidden}
}

// TextJSON is inspect gradients --json for a model and a text.
type TextJSON struct {
	Model       string    `json:"model"`
	Cell        string    `json:"cell"`
	Tokens      []string  `json:"tokens"`
	State       string    `json:"state"`
	Norms       []float64 `json:"norms"`
	HiddenNorms []float64 `json:"hidden_norms,omitempty"`
}

// TextJSON is n, the norms of the states reading tokens with the model
// called model, a network of cell, as inspect gradients --json prints them.
func (n Norms) TextJSON(model, cell string, tokens []string) TextJSON {
	return TextJSON{model, cell, tokens, n.State, n.Memory, n.Hidden}
}

// WriteText writes n as inspect gradients prints it for a text: a row per
// token with its distance from the last and its norms.
func (n Norms) WriteText(w io.Writer, model, cell string, tokens []string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "model\t%s (%s)\n\n", model, cell)
	fmt.Fprintf(tw, "token\tdistance\t%s\n", normHeader(n))
	for t, tok := range tokens {
		d := len(tokens) - 1 - t
		fmt.Fprintf(tw, "%s\t%d\t%s\n", human.Printable(tok), d, normCells(n, d))
	}
	return tw.Flush()
}

// normHeader and normCells are the columns of relative norms: of the state
// that remembers and, for the LSTM, of h as well.
func normHeader(n Norms) string {
	if n.Hidden == nil {
		return "gradient (" + n.State + ")"
	}
	return "gradient (" + n.State + ")\tgradient (h)"
}

func normCells(n Norms, d int) string {
	if n.Hidden == nil {
		return fmt.Sprintf("%.3g", n.Memory[d])
	}
	return fmt.Sprintf("%.3g\t%.3g", n.Memory[d], n.Hidden[d])
}

// reportDistances are the distances the text report gives the norms at:
// a few from 1 up to the task's, and the task's own.
func reportDistances(distance int) []int {
	var ds []int
	for _, d := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500} {
		if d < distance {
			ds = append(ds, d)
		}
	}
	return append(ds, distance)
}

// WriteText writes the results of x, one per cell, as inspect gradients
// prints them: the norms at a few distances, after training and before.
func (x Experiment) WriteText(w io.Writer, results []Result) error {
	fmt.Fprintf(w, "Synthetic task: a deciding token, then %d fillers; %s training texts, seed %d.\n", x.Distance, human.Commas(x.Train), x.Seed)
	fmt.Fprintf(w, "Gradient norm reaching the state d tokens before the last, over the last state's (after training; before, in brackets):\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	ds := reportDistances(x.Distance)
	fmt.Fprint(tw, "cell\tstate\taccuracy")
	for _, d := range ds {
		fmt.Fprintf(tw, "\td=%d", d)
	}
	fmt.Fprintln(tw)
	row := func(cell, state, acc string, after, before []float64) {
		fmt.Fprintf(tw, "%s\t%s\t%s", cell, state, acc)
		for _, d := range ds {
			fmt.Fprintf(tw, "\t%.2g (%.2g)", after[d], before[d])
		}
		fmt.Fprintln(tw)
	}
	for _, r := range results {
		row(r.Cell, r.Norms.State, fmt.Sprintf("%.1f%%", 100*r.Accuracy), r.Norms.Memory, r.Initial.Memory)
		if r.Norms.Hidden != nil {
			row(r.Cell, "h", "", r.Norms.Hidden, r.Initial.Hidden)
		}
	}
	return tw.Flush()
}

// GatesJSON is inspect gates --json.
type GatesJSON struct {
	Model  string               `json:"model"`
	Cell   string               `json:"cell"`
	Tokens []string             `json:"tokens"`
	Means  map[string][]float64 `json:"means"` // per gate, one mean per token
}

// JSON is g, the gates of the model called model, a network of cell,
// reading tokens, as inspect gates --json prints them: per gate, one mean
// per token.
func (g Gates) JSON(model, cell string, tokens []string) GatesJSON {
	means := map[string][]float64{}
	for k, name := range g.Names {
		for _, row := range g.Means {
			means[name] = append(means[name], row[k])
		}
	}
	return GatesJSON{model, cell, tokens, means}
}

// WriteText writes g as inspect gates prints it: a row per token, a column
// per gate.
func (g Gates) WriteText(w io.Writer, model, cell string, tokens []string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "model\t%s (%s)\n\n", model, cell)
	fmt.Fprintf(tw, "token\t%s\n", strings.Join(g.Names, "\t"))
	for t, tok := range tokens {
		fmt.Fprint(tw, human.Printable(tok))
		for _, v := range g.Means[t] {
			fmt.Fprintf(tw, "\t%.3f", v)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
