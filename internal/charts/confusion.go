package charts

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"unicode/utf8"
)

// The size of the Confusion image in pixels.
const (
	ConfusionWidth  = 1000
	ConfusionHeight = 920
)

// MaxConfusionClasses is the most classes Confusion draws: beyond it a
// cell is too narrow for its count at the smallest type, and the labels on
// the axes run into each other, an image of nothing but ink.
const MaxConfusionClasses = 20

// CheckConfusion refuses, before any work, a confusion matrix of the
// classes labels that Confusion would not draw into the file path; ""
// draws none.
func CheckConfusion(path string, labels []string) error {
	if path == "" {
		return nil
	}
	if err := drawable(labels); err != nil {
		return fmt.Errorf("%s: %w; eval --json holds it", path, err)
	}
	return nil
}

// drawable says why Confusion cannot draw a matrix of the classes labels;
// nil when it can. The matrix has the room its labels leave, beside it and
// slanted under it: two classes named by 80 x's left it none, their counts
// drawn off the image; by 60 they leave it room enough.
func drawable(labels []string) error {
	n := len(labels)
	if n > MaxConfusionClasses {
		return fmt.Errorf("a confusion matrix of %d classes is too wide to draw (at most %d)", n, MaxConfusionClasses)
	}
	c, err := newCanvas(ConfusionWidth, ConfusionHeight)
	if err != nil {
		return err
	}
	a := matrixPlot(c, c.heading("", "-"), labels).area
	// A cell holds its count in type of cellType(n) points: one and a half
	// times that holds two digits and a margin.
	if side, need := min(a.x1-a.x0, a.y1-a.y0), float64(n)*1.5*cellType(n)*pt; side < need {
		longest := 0
		for _, l := range labels {
			longest = max(longest, utf8.RuneCountInString(l))
		}
		return fmt.Errorf("the class names, of up to %d characters, are too long to draw beside a confusion matrix of %d classes: they leave it %.0f of the %.0f pixels it needs", longest, n, max(side, 0), need)
	}
	return nil
}

// cellType is the size, in points, of the counts in the cells of a
// confusion matrix of n classes.
func cellType(n int) float64 { return float64(max(7, min(20, 56/n))) }

// matrixPlot lays out on c, in room, the plot of a confusion matrix of the
// classes labels, named on both axes.
func matrixPlot(c *canvas, room box, labels []string) *plot {
	n := len(labels)
	x := axis{label: "predicted label", min: -0.5, max: float64(n) - 0.5, face: typeface{12, false}, bare: true}
	y := x
	y.label = "true label"
	for i, l := range labels {
		x.ticks = append(x.ticks, tick{float64(i), l})
		y.ticks = append(y.ticks, tick{float64(n - 1 - i), l})
	}
	return c.newPlot(room, "", x, y)
}

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
	c, err := newCanvas(ConfusionWidth, ConfusionHeight)
	if err != nil {
		return err
	}
	room := c.heading(fmt.Sprintf("Confusion matrix: %d of %d right (%.1f%%)", right, total, 100*float64(right)/float64(total)),
		"rows: true labels; columns: predicted; colour: share of the row")
	n := len(m)
	p := matrixPlot(c, room, labels)
	p.draw(c)
	g := shareGrid(m)
	size := cellType(n)
	count, share := typeface{size, true}, typeface{0.6 * size, false}
	for i, row := range m {
		for j, k := range row {
			// The insets leave white lines between the cells, so that two
			// pale cells side by side still read as two.
			a, b := p.at(float64(j)-0.5, float64(n-i)-0.5), p.at(float64(j)+0.5, float64(n-1-i)-0.5)
			c.fill(shape{rect(a.x+pt/2, a.y+pt/2, b.x-pt/2, b.y-pt/2)}, blues(g.share(i, j)))
			col := ink
			if g.share(i, j) > 0.5 {
				col = white
			}
			at := p.at(float64(j), float64(n-1-i))
			// Past a few classes a share would be too small to read; the
			// colour still shows it.
			if n > maxShareClasses {
				c.text(fmt.Sprint(k), at.x, at.y, count, col, 0.5, 0.5, 0)
				continue
			}
			c.text(fmt.Sprint(k), at.x, at.y-0.45*size*pt, count, col, 0.5, 0.5, 0)
			c.text(shareLabel(g, i, j), at.x, at.y+0.6*size*pt, share, col, 0.5, 0.5, 0)
		}
	}
	return c.encode(w)
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
	if err := drawable(labels); err != nil {
		return 0, 0, fmt.Errorf("charts: %w", err)
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

// shareGrid is a confusion matrix read as each true label's shares.
type shareGrid [][]int

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

// blues is a sequential palette from near white to dark blue, ColorBrewer's
// "Blues": a count of zero stays quiet and the diagonal stands out.
func blues(share float64) color.RGBA {
	stops := []color.RGBA{{247, 251, 255, 255}, {198, 219, 239, 255}, {107, 174, 214, 255}, {33, 113, 181, 255}, {8, 48, 107, 255}}
	x := share * float64(len(stops)-1)
	i := min(int(x), len(stops)-2)
	f := x - float64(i)
	a, b := stops[i], stops[i+1]
	mix := func(u, v uint8) uint8 { return uint8(float64(u) + f*(float64(v)-float64(u)) + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}
