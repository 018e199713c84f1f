package stream

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/rivo/uniseg"

	"github.com/rnnsent/rnnsent/internal/human"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
)

// Text is the output format for people: "label  probability  text".
const Text = "text"

// Terminal is what the text format needs to know of where it writes.
type Terminal struct {
	TTY   bool // a person reads it: a trace goes across the screen
	Color bool // ANSI colours may be used
	Width int  // columns; 0 when unknown
}

// NewWriter returns the writer of an output format: Text, CSV or JSONL.
func NewWriter(format string, w io.Writer, names []string, term Terminal) Writer {
	switch format {
	case CSV:
		return NewCSVWriter(w, names)
	case JSONL:
		return NewJSONWriter(w, names)
	}
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	return &textWriter{w: bufio.NewWriter(w), names: names, width: width, term: term}
}

// textWriter writes "label  probability  text", one line per text, and
// under it the trace when there is one.
type textWriter struct {
	w      *bufio.Writer
	names  []string
	width  int // of the longest class name, so that the texts line up
	term   Terminal
	legend bool // the colour legend of the trace is shown
}

func (t *textWriter) Begin(*Source) error { return nil }

func (t *textWriter) Write(a *Answer) error {
	columns := a.Steps != nil && t.term.TTY
	if columns && !t.legend {
		t.legend = true
		writeTraceLegend(t.w, t.names, t.term.Color)
	}
	k := model.Argmax(a.Probs)
	fmt.Fprintf(t.w, "%-*s  %.3f  %s\n", t.width, t.names[k], a.Probs[k], human.Printable(a.Text))
	switch {
	case a.Steps == nil:
		return nil
	case columns:
		return writeTraceColumns(t.w, a.Steps, t.term.Color, t.term.Width)
	}
	return writeTraceTable(t.w, a.Steps, t.names)
}

func (t *textWriter) Flush() error { return t.w.Flush() }

// writeTraceTable writes a trace for a file or a pipe: a row per token
// with every class's probability, then a blank line.
func writeTraceTable(w *bufio.Writer, steps []predict.Step, names []string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  token\t%s\n", strings.Join(names, "\t"))
	for _, s := range steps {
		fmt.Fprintf(tw, "  %s", human.Printable(s.Token))
		for _, p := range s.Probs {
			fmt.Fprintf(tw, "\t%.3f", p)
		}
		if s.Unknown {
			fmt.Fprint(tw, "\tunknown")
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return w.WriteByte('\n')
}

// ramp runs from red through yellow to green in the xterm 256-colour
// palette, which nearly every terminal shows; a linear mix of red and
// green in RGB would pass through a muddy brown.
var ramp = [...]int{196, 202, 208, 214, 220, 226, 190, 154, 118, 82, 46}

// rampColour is the colour of x in [0, 1] on the ramp. A NaN, from a model
// whose weights have diverged, takes the first colour rather than an index
// out of range.
func rampColour(x float64) int {
	if !(x >= 0) {
		x = 0
	}
	return ramp[int(math.Round(min(x, 1)*float64(len(ramp)-1)))]
}

// stepColour is the colour of a step and the probability printed under its
// token: for a binary model the second class's probability, which sets
// the colour from red (the first class) to green; for more classes the
// leading class's, in that class's place on the ramp.
func stepColour(probs []float64) (colour int, p float64) {
	if len(probs) == 2 {
		return rampColour(probs[1]), probs[1]
	}
	k := model.Argmax(probs)
	return rampColour(float64(k) / float64(len(probs)-1)), probs[k]
}

// writeTraceLegend says, once, how to read the coloured traces.
func writeTraceLegend(w *bufio.Writer, names []string, colour bool) {
	paint := func(s string, c int) string {
		if !colour {
			return s
		}
		return fmt.Sprintf("\x1b[38;5;%dm%s\x1b[0m", c, s)
	}
	unknown := "underlined"
	if !colour {
		unknown = "(in parentheses)"
	}
	if len(names) == 2 {
		fmt.Fprintf(w, "trace: under each token, P(%s) had the text ended there: %s … %s\n",
			names[1], paint("0 "+names[0], rampColour(0)), paint("1 "+names[1], rampColour(1)))
		fmt.Fprintf(w, "       %s: a word the model has not learnt\n\n", unknown)
		return
	}
	painted := make([]string, len(names))
	for k, n := range names {
		painted[k] = paint(n, rampColour(float64(k)/float64(len(names)-1)))
	}
	fmt.Fprintf(w, "trace: each token in the colour of the class leading had the text ended there: %s\n", strings.Join(painted, " "))
	fmt.Fprintf(w, "       under it, that class's probability; %s: a word the model has not learnt\n\n", unknown)
}

// writeTraceColumns writes a trace for a person at a terminal: the tokens
// across the screen, each coloured by sentiment, with its probability
// under it, wrapped at the terminal's width; then a blank line.
func writeTraceColumns(w *bufio.Writer, steps []predict.Step, colour bool, width int) error {
	if width <= 0 {
		width = 80
	}
	const indent, gap = "  ", "  "
	var tokens, probs strings.Builder
	used := len(indent)
	flushRow := func() {
		fmt.Fprintf(w, "%s%s\n%s%s\n", indent, strings.TrimRight(tokens.String(), " "), indent, strings.TrimRight(probs.String(), " "))
		tokens.Reset()
		probs.Reset()
		used = len(indent)
	}
	for _, s := range steps {
		c, p := stepColour(s.Probs)
		tok := terminalText(s.Token)
		if s.Unknown && !colour {
			tok = "(" + tok + ")"
		}
		num := fmt.Sprintf("%.2f", p)
		cell := max(uniseg.StringWidth(tok), len(num))
		if used > len(indent) && used+cell > width {
			flushRow()
		}
		tokens.WriteString(paintCell(tok, cell, c, colour, s.Unknown))
		probs.WriteString(paintCell(num, cell, c, colour, false))
		tokens.WriteString(gap)
		probs.WriteString(gap)
		used += cell + len(gap)
	}
	flushRow()
	return w.WriteByte('\n')
}

// paintCell pads s to width columns, in colour c when colour is on,
// underlined when underline is set. The padding stays outside the
// escape codes so that an underline covers the token only.
func paintCell(s string, width, c int, colour, underline bool) string {
	pad := strings.Repeat(" ", width-uniseg.StringWidth(s))
	if !colour {
		return s + pad
	}
	style := fmt.Sprintf("38;5;%d", c)
	if underline {
		style = "4;" + style
	}
	return fmt.Sprintf("\x1b[%sm%s\x1b[0m%s", style, s, pad)
}

// terminalText makes a token safe to show: a text may hold any bytes, and
// control characters written to a terminal would move the cursor or worse.
func terminalText(s string) string {
	return strings.Map(func(r rune) rune {
		if !unicode.IsGraphic(r) {
			return unicode.ReplacementChar
		}
		return r
	}, strings.ToValidUTF8(s, string(unicode.ReplacementChar)))
}
