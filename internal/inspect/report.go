package inspect

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/rnnsent/rnnsent/internal/charts"
	"github.com/rnnsent/rnnsent/internal/human"
)

// Report is what inspect finds of a model reading a text, as the command
// prints it: as text, as JSON or as a picture.
type Report interface {
	JSON() any
	WriteText(w io.Writer) error
	Plot(w io.Writer) error // a PNG image
}

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

// JSON is r as inspect gradients --json prints it: a TextJSON.
func (r GradientsReport) JSON() any {
	return TextJSON{r.Model, r.Cell, r.Tokens, r.State, r.Memory, r.Hidden}
}

// WriteText writes r as inspect gradients prints it for a text: a row per
// token with its distance from the last and its norms.
func (r GradientsReport) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "model\t%s (%s)\n\n", human.Cell(r.Model), r.Cell)
	fmt.Fprintf(tw, "token\tdistance\t%s\n", normHeader(r.Norms))
	for t, tok := range r.Tokens {
		d := len(r.Tokens) - 1 - t
		fmt.Fprintf(tw, "%s\t%d\t%s\n", human.Printable(tok), d, normCells(r.Norms, d))
	}
	return tw.Flush()
}

// Plot draws r's norms against the distance.
func (r GradientsReport) Plot(w io.Writer) error {
	heading := fmt.Sprintf("Gradient reaching each state of the %s reading %s", r.Model, quoteShort(r.Text))
	return charts.Gradients(w, heading, []charts.Panel{{Series: normSeries(r.Cell, r.Norms)}})
}

// normSeries are the lines of one cell's norms: the LSTM's h dashed.
func normSeries(cell string, n Norms) []charts.Norms {
	s := []charts.Norms{{Name: fmt.Sprintf("%s (%s)", cell, n.State), Norms: n.Memory}}
	if n.Hidden != nil {
		s = append(s, charts.Norms{Name: cell + " (h)", Norms: n.Hidden, Dashed: true})
	}
	return s
}

// quoteShort quotes text for a chart's heading, cut short so that the
// heading fits the image.
func quoteShort(text string) string {
	const most = 50
	if r := []rune(text); len(r) > most {
		text = string(r[:most-1]) + "…"
	}
	return strconv.Quote(text)
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

// WriteText writes rs as inspect gradients prints them: the norms at a few
// distances, after training and before.
func (rs Results) WriteText(w io.Writer) error {
	x := rs.Experiment
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
	for _, r := range rs.Cells {
		row(r.Cell, r.Norms.State, fmt.Sprintf("%.1f%%", 100*r.Accuracy), r.Norms.Memory, r.Initial.Memory)
		if r.Norms.Hidden != nil {
			row(r.Cell, "h", "", r.Norms.Hidden, r.Initial.Hidden)
		}
	}
	return tw.Flush()
}

// Plot draws the norms of every cell against the distance, before training
// and after.
func (rs Results) Plot(w io.Writer) error {
	before, after := charts.Panel{Title: "Before training"}, charts.Panel{Title: "After training"}
	for _, r := range rs.Cells {
		before.Series = append(before.Series, normSeries(r.Cell, r.Initial)...)
		after.Series = append(after.Series, normSeries(r.Cell, r.Norms)...)
	}
	heading := fmt.Sprintf("Gradient reaching each state of the synthetic task (%d fillers), relative to the last state", rs.Distance)
	return charts.Gradients(w, heading, []charts.Panel{before, after})
}

// GatesJSON is inspect gates --json.
type GatesJSON struct {
	Model  string               `json:"model"`
	Cell   string               `json:"cell"`
	Tokens []string             `json:"tokens"`
	Means  map[string][]float64 `json:"means"` // per gate, one mean per token
}

// JSON is r as inspect gates --json prints it, a GatesJSON: per gate, one
// mean per token.
func (r GatesReport) JSON() any {
	means := map[string][]float64{}
	for k, name := range r.Names {
		for _, row := range r.Means {
			means[name] = append(means[name], row[k])
		}
	}
	return GatesJSON{r.Model, r.Cell, r.Tokens, means}
}

// WriteText writes r as inspect gates prints it: a row per token, a column
// per gate.
func (r GatesReport) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "model\t%s (%s)\n\n", human.Cell(r.Model), r.Cell)
	fmt.Fprintf(tw, "token\t%s\n", strings.Join(r.Names, "\t"))
	for t, tok := range r.Tokens {
		fmt.Fprint(tw, human.Printable(tok))
		for _, v := range r.Means[t] {
			fmt.Fprintf(tw, "\t%.3f", v)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// Plot draws each gate's mean activation per token.
func (r GatesReport) Plot(w io.Writer) error {
	heading := fmt.Sprintf("Gates of the %s reading %s", r.Model, quoteShort(r.Text))
	return charts.Gates(w, heading, r.Tokens, r.Names, r.Means)
}
