package charts

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The size of the Confusion image in pixels.
const (
	ConfusionWidth  = 1000
	ConfusionHeight = 920
)

// Confusion draws the confusion matrix m, m[i][j] the number of texts of
// true label i predicted as j, as a heat map with the counts in the cells
// and the labels on the axes. A cell's colour is its share of its row, so
// that a small class reads as clearly as a large one. It writes a PNG of
// ConfusionWidth×ConfusionHeight pixels to w.
func Confusion(w io.Writer, m [][]int, labels []string) error {
	total, right, err := checkMatrix(m, labels)
	if err != nil {
		return err
	}
	n := len(m)
	g := shareGrid(m)
	heat := plotter.NewHeatMap(g, blues{})
	heat.Min, heat.Max = 0, 1

	p := newPlot("predicted label", "true label")
	p.Add(heat, cellBorders(n))
	if err := addCellLabels(p, m, g); err != nil {
		return err
	}
	xTicks, yTicks := make([]plot.Tick, n), make([]plot.Tick, n)
	for i, l := range labels {
		xTicks[i] = plot.Tick{Value: float64(i), Label: l}
		yTicks[i] = plot.Tick{Value: float64(n - 1 - i), Label: l}
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(xTicks), plot.ConstantTicks(yTicks)
	p.X.Tick.Label.Font, p.Y.Tick.Label.Font = textFont(12, false), textFont(12, false)
	slantLongNames(&p.X, labels)
	p.X.Tick.Length, p.Y.Tick.Length = 0, 0
	p.X.Width, p.Y.Width = 0, 0
	p.X.Label.TextStyle.Font, p.Y.Label.TextStyle.Font = textFont(12, false), textFont(12, false)
	p.X.Label.Padding, p.Y.Label.Padding = vg.Points(6), vg.Points(6)

	heading := fmt.Sprintf("Confusion matrix: %d of %d right (%.1f%%)", right, total, 100*float64(right)/float64(total))
	return writePNG(w, ConfusionWidth, ConfusionHeight, func(dc draw.Canvas) {
		mid := (dc.Min.X + dc.Max.X) / 2
		dc.FillText(textStyle(14, true, ink), vg.Point{X: mid, Y: dc.Max.Y - vg.Points(14)}, heading)
		dc.FillText(textStyle(10, false, grey), vg.Point{X: mid, Y: dc.Max.Y - vg.Points(32)},
			"rows: true labels; columns: predicted; colour: share of the row")
		dc.Max.Y -= vg.Points(44)
		dc.Min.X += vg.Points(6)
		dc.Max.X -= vg.Points(18)
		dc.Min.Y += vg.Points(6)
		p.Draw(dc)
	})
}

// slantLongNames slants the class names under the columns when the
// longest would not fit under its column, so that they do not run into
// each other.
func slantLongNames(x *plot.Axis, labels []string) {
	column := 0.75 * pixels(ConfusionWidth) / vg.Length(len(labels))
	for _, l := range labels {
		if x.Tick.Label.Width(l) > column {
			x.Tick.Label.Rotation = math.Pi / 4
			x.Tick.Label.XAlign, x.Tick.Label.YAlign = draw.XRight, draw.YCenter
			return
		}
	}
}

// checkMatrix rejects a matrix that is not square, does not match labels,
// holds a negative count or no texts at all; it returns the number of
// texts and of those on the diagonal.
func checkMatrix(m [][]int, labels []string) (total, right int, err error) {
	if len(m) == 0 {
		return 0, 0, errors.New("charts: empty confusion matrix")
	}
	if len(labels) != len(m) {
		return 0, 0, fmt.Errorf("charts: %d labels for a %d×%d confusion matrix", len(labels), len(m), len(m))
	}
	for i, row := range m {
		if len(row) != len(m) {
			return 0, 0, fmt.Errorf("charts: row %d of the confusion matrix has %d counts, want %d", i, len(row), len(m))
		}
		for _, c := range row {
			if c < 0 {
				return 0, 0, fmt.Errorf("charts: negative count %d in row %d of the confusion matrix", c, i)
			}
			total += c
		}
		right += row[i]
	}
	if total == 0 {
		return 0, 0, errors.New("charts: the confusion matrix counts no texts")
	}
	return total, right, nil
}

// shareGrid is a confusion matrix as the heat map reads it: column c of
// the grid is predicted label c, grid row r is true label n−1−r so that the
// first label is at the top, as in a printed matrix, and the values are
// shares of the true label's row.
type shareGrid [][]int

func (g shareGrid) Dims() (c, r int)   { return len(g), len(g) }
func (g shareGrid) X(c int) float64    { return float64(c) }
func (g shareGrid) Y(r int) float64    { return float64(r) }
func (g shareGrid) Z(c, r int) float64 { return g.share(len(g)-1-r, c) }

// share is the share of true label i's texts predicted as j; 0 for a label
// with no texts.
func (g shareGrid) share(i, j int) float64 {
	sum := 0
	for _, c := range g[i] {
		sum += c
	}
	if sum == 0 {
		return 0
	}
	return float64(g[i][j]) / float64(sum)
}

// addCellLabels writes each cell's count, and under it its share of the
// row, in a size that fits the cells and a colour that stands out from
// the cell's.
func addCellLabels(p *plot.Plot, m [][]int, g shareGrid) error {
	n := len(m)
	size := font.Length(max(7, min(20, 56/n)))
	var counts, shares plotter.XYLabels
	for i, row := range m {
		for j, c := range row {
			xy := plotter.XY{X: float64(j), Y: float64(n - 1 - i)}
			counts.XYs = append(counts.XYs, xy)
			counts.Labels = append(counts.Labels, fmt.Sprint(c))
			shares.XYs = append(shares.XYs, xy)
			shares.Labels = append(shares.Labels, shareLabel(g, i, j))
		}
	}
	type layer struct {
		xys    plotter.XYLabels
		size   font.Length
		bold   bool
		offset vg.Length
	}
	layers := []layer{{counts, size, true, 0}}
	// Past a few classes a share would be too small to read; the colour
	// still shows it.
	if n <= maxShareClasses {
		layers[0].offset = size * 0.45
		layers = append(layers, layer{shares, size * 0.6, false, -size * 0.6})
	}
	for _, l := range layers {
		labels, err := plotter.NewLabels(l.xys)
		if err != nil {
			return err
		}
		for k := range labels.TextStyle {
			i, j := k/n, k%n
			var c color.Color = ink
			if g.share(i, j) > 0.5 {
				c = color.White
			}
			labels.TextStyle[k] = textStyle(l.size, l.bold, c)
		}
		labels.Offset = vg.Point{Y: l.offset}
		p.Add(labels)
	}
	return nil
}

// maxShareClasses is the most classes whose cells also show their share.
const maxShareClasses = 8

// shareLabel is the share of row i in cell j as a percentage, or nothing
// for a label with no texts, whose shares do not exist.
func shareLabel(g shareGrid, i, j int) string {
	for _, c := range g[i] {
		if c > 0 {
			return fmt.Sprintf("%.0f%%", 100*g.share(i, j))
		}
	}
	return ""
}

// cellBorders draws white lines between the n×n cells of the heat map, so
// that two pale cells side by side still read as two.
type cellBorders int

func (n cellBorders) Plot(c draw.Canvas, p *plot.Plot) {
	x, y := p.Transforms(&c)
	sty := draw.LineStyle{Color: color.White, Width: vg.Points(2)}
	lo, hi := -0.5, float64(n)-0.5
	for k := 1; k < int(n); k++ {
		at := float64(k) - 0.5
		c.StrokeLine2(sty, x(at), y(lo), x(at), y(hi))
		c.StrokeLine2(sty, x(lo), y(at), x(hi), y(at))
	}
}

// blues is a sequential palette from near white to dark blue, ColorBrewer's
// "Blues": a count of zero stays quiet and the diagonal stands out.
type blues struct{}

func (blues) Colors() []color.Color {
	stops := []color.RGBA{{247, 251, 255, 255}, {198, 219, 239, 255}, {107, 174, 214, 255}, {33, 113, 181, 255}, {8, 48, 107, 255}}
	const steps = 256
	out := make([]color.Color, steps)
	for k := range out {
		x := float64(k) / (steps - 1) * float64(len(stops)-1)
		i := min(int(x), len(stops)-2)
		f := x - float64(i)
		a, b := stops[i], stops[i+1]
		mix := func(u, v uint8) uint8 { return uint8(float64(u) + f*(float64(v)-float64(u)) + 0.5) }
		out[k] = color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
	}
	return out
}
