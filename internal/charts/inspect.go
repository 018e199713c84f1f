package charts

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// More colours of the Okabe–Ito palette, for the third and fourth series.
var (
	green  = color.RGBA{R: 0, G: 158, B: 115, A: 255}
	purple = color.RGBA{R: 204, G: 121, B: 167, A: 255}
)

// seriesColours are the colours of the lines of one chart, in order.
var seriesColours = []color.Color{blue, orange, green, purple, grey}

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
	plots := make([]*plot.Plot, len(panels))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, pn := range panels {
		p, plo, phi, err := normsPlot(pn.Series)
		if err != nil {
			return err
		}
		plots[i], lo, hi = p, math.Min(lo, plo), math.Max(hi, phi)
	}
	for _, p := range plots {
		// One scale for all panels, so that they compare at a glance, with a
		// decade of room either way, which a single point needs too.
		p.Y.Min, p.Y.Max = lo/10, hi*10
	}
	return writePNG(w, InspectWidth, InspectHeight, func(dc draw.Canvas) {
		dc.FillText(textStyle(14, true, ink), vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - vg.Points(14)}, heading)
		dc.Max.Y -= vg.Points(28)
		titles := dc.Max.Y - vg.Points(10)
		dc.Max.Y -= vg.Points(22)
		tiles := draw.Tiles{Rows: 1, Cols: len(plots), PadX: vg.Points(24), PadLeft: vg.Points(6), PadRight: vg.Points(12), PadBottom: vg.Points(6)}
		// Each plot in its own tile, without plot.Align, which leaves a
		// log-scale plot a third of its height; both have the same axes.
		for i, p := range plots {
			c := tiles.At(dc, i, 0)
			p.Draw(c)
			data := p.DataCanvas(c)
			dc.FillText(textStyle(13, true, ink), vg.Point{X: (data.Min.X + data.Max.X) / 2, Y: titles}, panels[i].Title)
		}
	})
}

// normsPlot is the plot of one panel's series and the range of its
// positive norms.
func normsPlot(series []Norms) (p *plot.Plot, lo, hi float64, err error) {
	if len(series) == 0 || len(series) > 2*len(seriesColours) {
		return nil, 0, 0, fmt.Errorf("charts: %d series of gradient norms in a panel, want 1 to %d", len(series), 2*len(seriesColours))
	}
	p = newPlot("distance from the last token", "gradient norm")
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, decadeTicks{}
	far, colour := 0, -1
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range series {
		if len(s.Norms) == 0 {
			return nil, 0, 0, fmt.Errorf("charts: no norms for %s", s.Name)
		}
		var xys plotter.XYs
		for d, v := range s.Norms {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return nil, 0, 0, fmt.Errorf("charts: %s has a norm of %v at distance %d", s.Name, v, d)
			}
			if v > 0 {
				xys = append(xys, plotter.XY{X: float64(d), Y: v})
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		far = max(far, len(s.Norms)-1)
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, 0, 0, err
		}
		if !s.Dashed || colour < 0 {
			colour = (colour + 1) % len(seriesColours)
		}
		line.Color, line.Width = seriesColours[colour], vg.Points(2)
		if s.Dashed {
			line.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		p.Add(line)
		p.Legend.Add(s.Name, line)
	}
	p.X.Min, p.X.Max = 0, float64(max(far, 1))
	p.Add(plotter.NewGrid())
	// The lines start at 1 and fall: the legend goes in the decade of
	// headroom above them.
	p.Legend.Top, p.Legend.Left = true, false
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(8), -vg.Points(4)
	return p, lo, hi, nil
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
	p := newPlot("token", "mean activation")
	for k, name := range gates {
		xys := make(plotter.XYs, len(tokens))
		for t, row := range means {
			if len(row) != len(gates) || !(row[k] >= 0 && row[k] <= 1) {
				return fmt.Errorf("charts: token %d has gate means %v, want %d in [0, 1]", t, row, len(gates))
			}
			xys[t] = plotter.XY{X: float64(t), Y: row[k]}
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return err
		}
		line.Color, line.Width = seriesColours[k], vg.Points(2)
		points.Color, points.Shape, points.Radius = seriesColours[k], draw.CircleGlyph{}, vg.Points(3)
		p.Add(line, points)
		p.Legend.Add(name, line, points)
	}
	ticks := make([]plot.Tick, len(tokens))
	for t, tok := range tokens {
		ticks[t] = plot.Tick{Value: float64(t), Label: tok}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -0.5, float64(len(tokens))-0.5
	if len(tokens) > 12 {
		p.X.Tick.Label.Rotation = math.Pi / 4
		p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	}
	p.Y.Min, p.Y.Max = 0, 1.12 // headroom for the legend above a gate near 1
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.XOffs = -vg.Points(8)
	return writeSingle(w, heading, p)
}

// writeSingle writes p under a heading as a PNG of InspectWidth×InspectHeight.
func writeSingle(w io.Writer, heading string, p *plot.Plot) error {
	return writePNG(w, InspectWidth, InspectHeight, func(dc draw.Canvas) {
		dc.FillText(textStyle(14, true, ink), vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - vg.Points(14)}, heading)
		dc.Max.Y -= vg.Points(32)
		dc.Min.X += vg.Points(6)
		dc.Max.X -= vg.Points(12)
		dc.Min.Y += vg.Points(6)
		p.Draw(dc)
	})
}

// decadeTicks marks every power of ten: gonum's LogTicks labels some of
// them 9.999999999999999e-05.
type decadeTicks struct{}

func (decadeTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for k := int(math.Floor(math.Log10(min))); k <= int(math.Ceil(math.Log10(max))); k++ {
		v, _ := strconv.ParseFloat("1e"+strconv.Itoa(k), 64) // exact, where math.Pow(10, k) is not
		if v < min || v > max {
			continue
		}
		label := strconv.FormatFloat(v, 'f', -1, 64)
		if k < -3 {
			label = "1e" + strconv.Itoa(k)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}
