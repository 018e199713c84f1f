package charts

import (
	"errors"
	"fmt"
	"io"
	"math"
)

// Norms is one line of the Gradients chart.
type Norms struct {
	Name   string
	Norms  []float64 // Norms[d] at distance d from the last token; 1 at d = 0
	Dashed bool      // drawn in the colour of the line before it: another state of the same cell
}

// Panel is one plot of the Gradients chart.
type Panel struct {
	Title  string
	Series []Norms
}

// The size of the Gradients and Gates images in pixels.
const (
	InspectWidth  = 1440
	InspectHeight = 640
)

// Gradients draws how much gradient reaches each state, relative to the
// last, against the distance from the last token, on a log scale: one plot
// per panel, side by side, one line per series. It writes a PNG of
// InspectWidth×InspectHeight pixels to w. A norm of 0, which a log scale
// cannot show, leaves a gap.
func Gradients(w io.Writer, heading string, panels []Panel) error {
	if len(panels) == 0 {
		return errors.New("charts: no panels of gradient norms")
	}
	far, lo, hi := 1, math.Inf(1), math.Inf(-1)
	for _, pn := range panels {
		if err := checkNorms(pn.Series); err != nil {
			return err
		}
		for _, s := range pn.Series {
			far = max(far, len(s.Norms)-1)
			for _, v := range s.Norms {
				if v > 0 {
					lo, hi = min(lo, v), max(hi, v)
				}
			}
		}
	}
	if lo > hi { // nothing but zeros: an empty plot around 1
		lo, hi = 1, 1
	}
	c, err := newCanvas(InspectWidth, InspectHeight)
	if err != nil {
		return err
	}
	room := c.heading(heading, "")
	// One scale for all panels, so that they compare at a glance, with a
	// decade of room either way, which a single point needs too.
	x := axis{label: "distance from the last token", min: 0, max: float64(far), face: tickFace, ticks: niceTicks(0, float64(far), 6)}
	y := axis{label: "gradient norm", min: lo / 10, max: hi * 10, log: true, face: tickFace, ticks: decadeTicks(lo/10, hi*10)}
	for i, b := range room.columns(len(panels), 24*pt) {
		p := c.newPlot(b, panels[i].Title, x, y)
		p.draw(c)
		var lines []line
		colour := -1
		for _, s := range panels[i].Series {
			if !s.Dashed || colour < 0 {
				colour = (colour + 1) % len(seriesColours)
			}
			// Each run of positive norms is a line of its own: a norm of 0,
			// which a log scale cannot show, leaves a gap. The first run
			// carries the name for the legend.
			l := line{name: s.Name, colour: seriesColours[colour], dashed: s.Dashed}
			for d, v := range s.Norms {
				if v > 0 {
					l.ps = append(l.ps, p.at(float64(d), v))
				}
				if (v == 0 || d == len(s.Norms)-1) && (len(l.ps) > 0 || l.name != "") {
					lines, l = append(lines, l), line{colour: l.colour, dashed: l.dashed}
				}
			}
		}
		for _, l := range lines {
			c.drawLine(l)
		}
		c.legend(p, lines)
	}
	return c.encode(w)
}

// checkNorms rejects a panel of no series, or more than its colours can
// tell apart, and norms that are not a number or negative.
func checkNorms(series []Norms) error {
	if len(series) == 0 || len(series) > 2*len(seriesColours) {
		return fmt.Errorf("charts: %d series of gradient norms in a panel, want 1 to %d", len(series), 2*len(seriesColours))
	}
	for _, s := range series {
		if len(s.Norms) == 0 {
			return fmt.Errorf("charts: no norms for %s", s.Name)
		}
		for d, v := range s.Norms {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return fmt.Errorf("charts: %s has a norm of %v at distance %d", s.Name, v, d)
			}
		}
	}
	return nil
}

// Gates draws the mean activation of each gate after each token, one line
// per gate, the tokens along the bottom; it writes a PNG of
// InspectWidth×InspectHeight pixels to w.
func Gates(w io.Writer, heading string, tokens, gates []string, means [][]float64) error {
	switch {
	case len(tokens) == 0:
		return errors.New("charts: no tokens to draw")
	case len(gates) == 0 || len(gates) > len(seriesColours):
		return fmt.Errorf("charts: %d gates, want 1 to %d", len(gates), len(seriesColours))
	case len(means) != len(tokens):
		return fmt.Errorf("charts: gate means for %d tokens, but %d tokens", len(means), len(tokens))
	}
	for t, row := range means {
		ok := len(row) == len(gates)
		for _, v := range row {
			ok = ok && v >= 0 && v <= 1
		}
		if !ok {
			return fmt.Errorf("charts: token %d has gate means %v, want %d in [0, 1]", t, row, len(gates))
		}
	}
	c, err := newCanvas(InspectWidth, InspectHeight)
	if err != nil {
		return err
	}
	room := c.heading(heading, "")
	x := axis{label: "token", min: -0.5, max: float64(len(tokens)) - 0.5, face: tickFace, ticks: tokenTicks(tokens)}
	y := axis{label: "mean activation", min: -0.03, max: 1.03, face: tickFace, ticks: niceTicks(0, 1, 5)}
	p := c.newPlot(room, "", x, y)
	p.draw(c)
	lines := make([]line, len(gates))
	for k, name := range gates {
		lines[k] = line{name: name, colour: seriesColours[k], dots: true}
		for t, row := range means {
			lines[k].ps = append(lines[k].ps, p.at(float64(t), row[k]))
		}
		c.drawLine(lines[k])
	}
	c.legend(p, lines)
	return c.encode(w)
}

// maxTokenLabels is the most tokens Gates names along its bottom: each
// label, slanted, takes about 25 pixels of the plot's width, and more run
// into each other, a band of ink (200 tokens, the longest a model reads
// by default, gave one).
const maxTokenLabels = 50

// maxTokenLabel is the most characters of a token Gates writes under it:
// the plot gives up the height its slanted labels take, and a token of 80
// letters (a run of repeated letters, a hash, a long compound) left no
// height at all, the lines drawn over the heading; one of 20 takes about a
// fifth of it.
const maxTokenLabel = 20

// tokenTicks names each token, or past maxTokenLabels every k-th from the
// first, a long one cut short; every token is still a point of the lines.
func tokenTicks(tokens []string) []tick {
	every := (len(tokens) + maxTokenLabels - 1) / maxTokenLabels
	var ticks []tick
	for t := 0; t < len(tokens); t += every {
		label := tokens[t]
		if r := []rune(label); len(r) > maxTokenLabel {
			label = string(r[:maxTokenLabel-1]) + "…"
		}
		ticks = append(ticks, tick{float64(t), label})
	}
	return ticks
}
