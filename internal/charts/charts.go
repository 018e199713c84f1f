package charts

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"
	"sync"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// pt is the pixels in a point: the images are drawn at 144 dpi, sharp on a
// high-density screen and in a README, which shows them at about half
// their width. Every size below is in points.
const pt = 2.0

// Colours of the series, from the Okabe–Ito palette, which readers with
// colour-blindness can tell apart.
var (
	blue   = color.RGBA{R: 0, G: 114, B: 178, A: 255}
	orange = color.RGBA{R: 213, G: 94, B: 0, A: 255}
	green  = color.RGBA{R: 0, G: 158, B: 115, A: 255}
	purple = color.RGBA{R: 204, G: 121, B: 167, A: 255}
	grey   = color.RGBA{R: 110, G: 110, B: 110, A: 255}
	ink    = color.RGBA{R: 40, G: 40, B: 40, A: 255} // of text and axes
	rule   = color.RGBA{R: 222, G: 222, B: 222, A: 255}
	white  = color.RGBA{R: 255, G: 255, B: 255, A: 255}
)

// seriesColours are the colours of the lines of one chart, in order.
var seriesColours = []color.RGBA{blue, orange, green, purple, grey}

// The Go fonts are parsed on the first chart drawn, not at start-up: most
// rnnsent commands draw nothing and should not pay for it.
var fonts struct {
	once          sync.Once
	regular, bold *sfnt.Font
	err           error
}

func loadFonts() error {
	fonts.once.Do(func() {
		if fonts.regular, fonts.err = sfnt.Parse(goregular.TTF); fonts.err == nil {
			fonts.bold, fonts.err = sfnt.Parse(gobold.TTF)
		}
	})
	return fonts.err
}

// typeface is a size in points and a weight.
type typeface struct {
	size float64
	bold bool
}

var (
	headingFace = typeface{14, true}
	titleFace   = typeface{13, true}
	labelFace   = typeface{11, false}
	tickFace    = typeface{10, false}
)

type point struct{ x, y float64 }

// toward is the point f of the way from p to q.
func (p point) toward(q point, f float64) point { return point{p.x + f*(q.x-p.x), p.y + f*(q.y-p.y)} }

// A shape is closed polygons filled together; a polygon traced the other
// way round from the rest cuts a hole.
type shape [][]point

// canvas is a white RGBA image drawn on with anti-aliased fills. Its first
// error, from a glyph the font cannot load, is returned by encode, so that
// drawing code need not check every text.
type canvas struct {
	img *image.RGBA
	r   vector.Rasterizer
	buf sfnt.Buffer
	err error
}

func newCanvas(width, height int) (*canvas, error) {
	if err := loadFonts(); err != nil {
		return nil, err
	}
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, width, height))}
	draw.Draw(c.img, c.img.Bounds(), image.NewUniform(white), image.Point{}, draw.Src)
	return c, nil
}

func (c *canvas) encode(w io.Writer) error {
	if c.err != nil {
		return c.err
	}
	return png.Encode(w, c.img)
}

// fill paints s. The rasterizer covers only the shape's bounds: one the
// size of the image would cost a pass over every pixel for each text.
func (c *canvas) fill(s shape, col color.RGBA) {
	b := image.Rectangle{Min: image.Pt(math.MaxInt32, math.MaxInt32), Max: image.Pt(math.MinInt32, math.MinInt32)}
	for _, poly := range s {
		for _, p := range poly {
			b.Min.X, b.Min.Y = min(b.Min.X, int(math.Floor(p.x))), min(b.Min.Y, int(math.Floor(p.y)))
			b.Max.X, b.Max.Y = max(b.Max.X, int(math.Ceil(p.x))+1), max(b.Max.Y, int(math.Ceil(p.y))+1)
		}
	}
	b = b.Intersect(c.img.Bounds())
	if b.Empty() {
		return
	}
	c.r.Reset(b.Dx(), b.Dy())
	ox, oy := float64(b.Min.X), float64(b.Min.Y)
	for _, poly := range s {
		if len(poly) < 3 {
			continue
		}
		c.r.MoveTo(float32(poly[0].x-ox), float32(poly[0].y-oy))
		for _, p := range poly[1:] {
			c.r.LineTo(float32(p.x-ox), float32(p.y-oy))
		}
		c.r.ClosePath()
	}
	c.r.Draw(c.img, b, image.NewUniform(col), image.Point{})
}

// The rasterizer adds up the windings of overlapping polygons, so the
// pieces of one stroke must all turn the same way or they cancel out.
func clockwise(poly []point) []point {
	area := 0.0
	for i, p := range poly {
		q := poly[(i+1)%len(poly)]
		area += p.x*q.y - q.x*p.y
	}
	if area < 0 {
		for i, j := 0, len(poly)-1; i < j; i, j = i+1, j-1 {
			poly[i], poly[j] = poly[j], poly[i]
		}
	}
	return poly
}

func rect(x0, y0, x1, y1 float64) []point {
	return clockwise([]point{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}})
}

func disc(x, y, r float64) []point {
	n := max(16, int(2*r))
	poly := make([]point, n)
	for i := range poly {
		a := 2 * math.Pi * float64(i) / float64(n)
		poly[i] = point{x + r*math.Cos(a), y + r*math.Sin(a)}
	}
	return clockwise(poly)
}

func reversed(poly []point) []point {
	out := make([]point, len(poly))
	for i, p := range poly {
		out[len(poly)-1-i] = p
	}
	return out
}

// stroke is the polyline through ps, width wide with round joins; dash,
// if given, is the lengths of the dashes and of the gaps between them.
func stroke(ps []point, width float64, dash ...float64) shape {
	if len(dash) == 2 {
		var s shape
		for _, piece := range dashes(ps, dash[0], dash[1]) {
			s = append(s, stroke(piece, width)...)
		}
		return s
	}
	var s shape
	for i := 1; i < len(ps); i++ {
		p, q := ps[i-1], ps[i]
		l := math.Hypot(q.x-p.x, q.y-p.y)
		if l == 0 {
			continue
		}
		nx, ny := -(q.y-p.y)/l*width/2, (q.x-p.x)/l*width/2
		s = append(s, clockwise([]point{{p.x + nx, p.y + ny}, {q.x + nx, q.y + ny}, {q.x - nx, q.y - ny}, {p.x - nx, p.y - ny}}))
		if i > 1 {
			s = append(s, disc(p.x, p.y, width/2))
		}
	}
	return s
}

// dashes cuts a polyline into its dashes, the pattern running on across
// its corners.
func dashes(ps []point, on, off float64) [][]point {
	var out [][]point
	var cur []point
	length := [2]float64{on, off}
	at, state := 0.0, 0 // distance into the current dash (state 0) or gap (1)
	for i := 1; i < len(ps); i++ {
		p, q := ps[i-1], ps[i]
		l := math.Hypot(q.x-p.x, q.y-p.y)
		if state == 0 && len(cur) == 0 {
			cur = append(cur, p)
		}
		for done := 0.0; done < l; {
			step := min(l-done, length[state]-at)
			done, at = done+step, at+step
			e := p.toward(q, done/l)
			if state == 0 {
				cur = append(cur, e)
			}
			if at >= length[state] {
				if state == 0 {
					out, cur = append(out, cur), nil
				} else {
					cur = []point{e}
				}
				at, state = 0, 1-state
			}
		}
	}
	if len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}

// glyphs lays s out in f from x = 0, calling each (if not nil) with every
// glyph and its pen position, and returns the width in pixels.
func (c *canvas) glyphs(s string, f typeface, each func(font *sfnt.Font, g sfnt.GlyphIndex, ppem fixed.Int26_6, x float64)) float64 {
	font := fonts.regular
	if f.bold {
		font = fonts.bold
	}
	ppem := fixed.Int26_6(f.size * pt * 64)
	var x fixed.Int26_6
	prev := sfnt.GlyphIndex(0)
	for _, r := range s {
		g, err := font.GlyphIndex(&c.buf, r)
		if err != nil {
			c.err = err
			return 0
		}
		if prev != 0 {
			if k, err := font.Kern(&c.buf, prev, g, ppem, 0); err == nil {
				x += k
			}
		}
		if each != nil {
			each(font, g, ppem, float64(x)/64)
		}
		a, err := font.GlyphAdvance(&c.buf, g, ppem, 0)
		if err != nil {
			c.err = err
			return 0
		}
		x, prev = x+a, g
	}
	return float64(x) / 64
}

func (c *canvas) textWidth(s string, f typeface) float64 { return c.glyphs(s, f, nil) }

// capHeight is the height of a capital letter in f, in pixels: texts are
// centred on it, which looks centred whatever their letters.
func capHeight(f typeface) float64 { return 0.7 * f.size * pt }

// descent is how far below the baseline the tails of g, p and y reach.
func descent(f typeface) float64 { return 0.25 * f.size * pt }

// text writes s with its anchor at (x, y): ax is the anchor's place along
// the text, 0 its start, 1 its end; ay its place up the capitals, 0 their
// top, 1 the baseline. angle turns the text anticlockwise about the anchor.
func (c *canvas) text(s string, x, y float64, f typeface, col color.RGBA, ax, ay, angle float64) {
	if s == "" {
		return
	}
	du := -ax * c.textWidth(s, f)
	dv := (1 - ay) * capHeight(f)
	cos, sin := math.Cos(angle), math.Sin(angle)
	place := func(p fixed.Point26_6, pen float64) point {
		u, v := float64(p.X)/64+pen+du, float64(p.Y)/64+dv
		return point{x + u*cos + v*sin, y - u*sin + v*cos}
	}
	var outline shape
	c.glyphs(s, f, func(font *sfnt.Font, g sfnt.GlyphIndex, ppem fixed.Int26_6, pen float64) {
		segs, err := font.LoadGlyph(&c.buf, g, ppem, nil)
		if err != nil {
			c.err = err
			return
		}
		var poly []point
		for _, sg := range segs {
			a := sg.Args
			switch sg.Op {
			case sfnt.SegmentOpMoveTo:
				if len(poly) > 0 {
					outline = append(outline, poly)
				}
				poly = []point{place(a[0], pen)}
			case sfnt.SegmentOpLineTo:
				poly = append(poly, place(a[0], pen))
			case sfnt.SegmentOpQuadTo:
				// The same curve as a cubic has its control points two
				// thirds of the way from each end to the quadratic's.
				b, d := place(a[0], pen), place(a[1], pen)
				poly = appendCurve(poly, poly[len(poly)-1].toward(b, 2.0/3), d.toward(b, 2.0/3), d)
			case sfnt.SegmentOpCubeTo:
				poly = appendCurve(poly, place(a[0], pen), place(a[1], pen), place(a[2], pen))
			}
		}
		if len(poly) > 0 {
			outline = append(outline, poly)
		}
	})
	c.fill(outline, col)
}

// appendCurve flattens the cubic Bézier curve from poly's last point
// through b and c to d.
func appendCurve(poly []point, b, c, d point) []point {
	a := poly[len(poly)-1]
	const n = 6 // enough for glyphs of a few dozen pixels
	for i := 1; i <= n; i++ {
		t := float64(i) / n
		u := 1 - t
		w0, w1, w2, w3 := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
		poly = append(poly, point{w0*a.x + w1*b.x + w2*c.x + w3*d.x, w0*a.y + w1*b.y + w2*c.y + w3*d.y})
	}
	return poly
}

// box is a rectangle in pixels.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) midX() float64 { return (b.x0 + b.x1) / 2 }

// heading writes a chart's bold heading and, if given, a grey subheading
// under it, and returns the room left below them.
func (c *canvas) heading(title, sub string) box {
	w, h := c.img.Bounds().Dx(), c.img.Bounds().Dy()
	y := 10 * pt
	c.text(title, float64(w)/2, y, headingFace, ink, 0.5, 0, 0)
	y += capHeight(headingFace) + 8*pt
	if sub != "" {
		c.text(sub, float64(w)/2, y, tickFace, grey, 0.5, 0, 0)
		y += capHeight(tickFace) + 8*pt
	}
	y += 6 * pt
	return box{6 * pt, y, float64(w) - 12*pt, float64(h) - 6*pt}
}

// columns splits b into n side by side with gap between them.
func (b box) columns(n int, gap float64) []box {
	w := (b.x1 - b.x0 - gap*float64(n-1)) / float64(n)
	out := make([]box, n)
	for i := range out {
		x := b.x0 + float64(i)*(w+gap)
		out[i] = box{x, b.y0, x + w, b.y1}
	}
	return out
}

// tick is a mark on an axis; one without a label is a minor tick.
type tick struct {
	v     float64
	label string
}

// axis is one axis of a plot: its range, ticks, and how they are drawn.
type axis struct {
	label    string
	min, max float64
	log      bool
	ticks    []tick
	face     typeface // of the tick labels
	bare     bool     // no line, tick marks or grid: the labels name the cells of a matrix
	slant    bool     // labels at 45°, set by layout where they would overlap
}

// pos maps v to [0, 1] along the axis.
func (a axis) pos(v float64) float64 {
	if a.log {
		return (math.Log10(v) - math.Log10(a.min)) / (math.Log10(a.max) - math.Log10(a.min))
	}
	return (v - a.min) / (a.max - a.min)
}

// plot is a pair of axes laid out in a box: area is where the data go.
type plot struct {
	title  string
	x, y   axis
	area   box
	labels point // the baseline of the x axis' label and the left edge of the y axis' label
}

func (p *plot) at(x, y float64) point {
	return point{p.area.x0 + p.x.pos(x)*(p.area.x1-p.area.x0), p.area.y1 - p.y.pos(y)*(p.area.y1-p.area.y0)}
}

const (
	tickLength = 4 * pt
	gap        = 5 * pt // between a tick, its label and the axis label
)

// newPlot lays out a plot in b, making room for its title, its axes' tick
// labels and labels, and slants x's tick labels where they would run into
// each other.
func (c *canvas) newPlot(b box, title string, x, y axis) *plot {
	p := &plot{title: title, x: x, y: y}
	if title != "" {
		b.y0 += capHeight(titleFace) + 10*pt
	}
	widest := func(a axis) float64 {
		w := 0.0
		for _, t := range a.ticks {
			w = max(w, c.textWidth(t.label, a.face))
		}
		return w
	}
	left := capHeight(labelFace) + 2*gap + widest(y)
	if !y.bare {
		left += tickLength
	}
	p.area = box{b.x0 + left, b.y0, b.x1, b.y1}
	p.labels = point{b.x0 + capHeight(labelFace), b.y1 - descent(labelFace)}
	var labelled []float64
	for _, t := range x.ticks {
		if t.label != "" {
			labelled = append(labelled, p.x.pos(t.v)*(p.area.x1-p.area.x0))
		}
	}
	for i := 1; i < len(labelled); i++ {
		if labelled[i]-labelled[i-1] < widest(x)+gap {
			p.x.slant = true
		}
	}
	below := capHeight(x.face) + descent(x.face) + 2*gap + capHeight(labelFace) + descent(labelFace)
	if p.x.slant {
		below += widest(x) * math.Sqrt2 / 2
	}
	if !x.bare {
		below += tickLength
	}
	p.area.y1 -= below
	return p
}

// draw draws the grid, the axes, their ticks and labels, and the title;
// the data go on top.
func (p *plot) draw(c *canvas) {
	a := p.area
	// Over the plot area rather than the box, so that the titles of plots
	// side by side are centred on what they name.
	c.text(p.title, a.midX(), a.y0-8*pt, titleFace, ink, 0.5, 1, 0)
	var grid, marks shape
	for _, t := range p.x.ticks {
		at := p.at(t.v, p.y.min).x
		if t.label != "" && !p.x.bare {
			grid = append(grid, rect(at-0.5, a.y0, at+0.5, a.y1))
		}
		length := tickLength
		if t.label == "" {
			length /= 2
		}
		marks = append(marks, rect(at-pt/2, a.y1, at+pt/2, a.y1+length))
		x, y, ax, ay, angle := at, a.y1+length+gap, 0.5, 0.0, 0.0
		if p.x.bare {
			y -= length
		}
		if p.x.slant {
			ax, ay, angle = 1, 0.5, math.Pi/4
			x += capHeight(p.x.face) / 2
		}
		c.text(t.label, x, y, p.x.face, ink, ax, ay, angle)
	}
	for _, t := range p.y.ticks {
		at := p.at(p.x.min, t.v).y
		if t.label != "" && !p.y.bare {
			grid = append(grid, rect(a.x0, at-0.5, a.x1, at+0.5))
		}
		length := tickLength
		if t.label == "" {
			length /= 2
		}
		marks = append(marks, rect(a.x0-length, at-pt/2, a.x0, at+pt/2))
		x := a.x0 - length - gap
		if p.y.bare {
			x += length
		}
		c.text(t.label, x, at, p.y.face, ink, 1, 0.5, 0)
	}
	c.fill(grid, rule)
	if !p.x.bare {
		c.fill(append(marks, rect(a.x0-pt/2, a.y0, a.x0+pt/2, a.y1+pt/2), rect(a.x0-pt/2, a.y1-pt/2, a.x1, a.y1+pt/2)), ink)
	}
	c.text(p.x.label, a.midX(), p.labels.y, labelFace, ink, 0.5, 1, 0)
	c.text(p.y.label, p.labels.x, (a.y0+a.y1)/2, labelFace, ink, 0.5, 1, math.Pi/2)
}

// line is a series drawn in a plot: a polyline in pixels with its style,
// which also makes its legend entry.
type line struct {
	name   string
	colour color.RGBA
	ps     []point
	dashed bool
	dots   bool // a dot at every point
	ring   bool // a ring around every point, and no line
}

const lineWidth = 2 * pt

func (c *canvas) drawLine(l line) {
	switch {
	case l.ring:
		var s shape
		for _, p := range l.ps {
			s = append(s, disc(p.x, p.y, 7*pt), reversed(disc(p.x, p.y, 7*pt-1.5)))
		}
		c.fill(s, l.colour)
		return
	case l.dashed:
		c.fill(stroke(l.ps, lineWidth, 6*pt, 3*pt), l.colour)
	default:
		c.fill(stroke(l.ps, lineWidth), l.colour)
	}
	// A lone point, as of a series of one norm, would not show as a line.
	if l.dots || len(l.ps) == 1 {
		var s shape
		for _, p := range l.ps {
			s = append(s, disc(p.x, p.y, 2.5*pt))
		}
		c.fill(s, l.colour)
	}
}

// legend names lines in a box in the corner of the plot area where it
// hides fewest of their points, each beside a sample of its line.
func (c *canvas) legend(p *plot, lines []line) {
	const row, sample, inset = 14 * pt, 22 * pt, 8 * pt
	named := lines[:0:0]
	textW := 0.0
	for _, l := range lines {
		if l.name != "" {
			named = append(named, l)
			textW = max(textW, c.textWidth(l.name, tickFace))
		}
	}
	w, h := sample+3*gap+textW, row*float64(len(named))+gap
	a := p.area
	var best box
	hidden := math.MaxInt
	for _, corner := range []box{
		{a.x1 - inset - w, a.y0 + inset, a.x1 - inset, a.y0 + inset + h},
		{a.x0 + inset, a.y0 + inset, a.x0 + inset + w, a.y0 + inset + h},
		{a.x1 - inset - w, a.y1 - inset - h, a.x1 - inset, a.y1 - inset},
		{a.x0 + inset, a.y1 - inset - h, a.x0 + inset + w, a.y1 - inset},
	} {
		if n := covered(corner, lines); n < hidden {
			best, hidden = corner, n
		}
	}
	b := best
	c.fill(shape{rect(b.x0, b.y0, b.x1, b.y1)}, rule)
	c.fill(shape{rect(b.x0+1, b.y0+1, b.x1-1, b.y1-1)}, white)
	for i, l := range named {
		y := b.y0 + gap/2 + row*(float64(i)+0.5)
		mid := []point{{b.x0 + gap + sample/2, y}}
		if l.ring {
			c.drawLine(line{colour: l.colour, ps: mid, ring: true})
		} else {
			c.drawLine(line{colour: l.colour, ps: []point{{b.x0 + gap, y}, {b.x0 + gap + sample, y}}, dashed: l.dashed})
			if l.dots {
				c.drawLine(line{colour: l.colour, ps: mid})
			}
		}
		c.text(l.name, b.x0+2*gap+sample, y, tickFace, ink, 0, 0.5, 0)
	}
}

// covered counts the points of lines, and of their segments every few
// pixels, that fall in b.
func covered(b box, lines []line) int {
	n := 0
	in := func(p point) {
		if p.x >= b.x0 && p.x <= b.x1 && p.y >= b.y0 && p.y <= b.y1 {
			n++
		}
	}
	for _, l := range lines {
		for i, p := range l.ps {
			in(p)
			if i == 0 || l.ring {
				continue
			}
			q := l.ps[i-1]
			steps := int(math.Hypot(p.x-q.x, p.y-q.y) / 4)
			for k := 1; k < steps; k++ {
				f := float64(k) / float64(steps)
				in(q.toward(p, f))
			}
		}
	}
	return n
}

// niceTicks marks round values from lo to hi, about n of them: steps of 1,
// 2 or 5 times a power of ten.
func niceTicks(lo, hi float64, n int) []tick {
	mag := math.Pow(10, math.Floor(math.Log10((hi-lo)/float64(n))))
	step := mag
	for _, m := range []float64{2, 5, 10} {
		if math.Abs((hi-lo)/(m*mag)-float64(n)) < math.Abs((hi-lo)/step-float64(n)) {
			step = m * mag
		}
	}
	decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	var ticks []tick
	for k := math.Ceil(lo/step - 1e-9); k*step <= hi+1e-9*step; k++ {
		ticks = append(ticks, tick{k * step, strconv.FormatFloat(k*step+0, 'f', decimals, 64)})
	}
	return ticks
}

// decadeTicks marks the powers of ten from lo to hi, labelling all of them
// while ten fit, else every second, fifth, tenth... and the rest minor;
// the minor ticks of a short range follow the decades.
func decadeTicks(lo, hi float64) []tick {
	first, last := int(math.Ceil(math.Log10(lo)-1e-9)), int(math.Floor(math.Log10(hi)+1e-9))
	every := 1
	for _, e := range []int{2, 5, 10, 20, 50, 100} {
		if (last-first+1)/every <= 10 {
			break
		}
		every = e
	}
	var ticks []tick
	for k := first; k <= last; k++ {
		v, _ := strconv.ParseFloat("1e"+strconv.Itoa(k), 64) // exact, where math.Pow(10, k) is not
		t := tick{v: v}
		if k%every == 0 {
			t.label = strconv.FormatFloat(v, 'f', -1, 64)
			if k < -3 {
				t.label = "1e" + strconv.Itoa(k)
			}
		}
		ticks = append(ticks, t)
	}
	// Over a few decades the powers of ten alone are too sparse to read a
	// value by: mark 2 to 9 times each too.
	if last-first <= 3 {
		for k := first - 1; k <= last; k++ {
			for m := 2.0; m <= 9; m++ {
				if v := m * math.Pow(10, float64(k)); v >= lo && v <= hi {
					ticks = append(ticks, tick{v: v})
				}
			}
		}
	}
	return ticks
}

// padded widens [lo, hi] by f of its length each way, or by ±f·|lo| (±f
// at 0) when it has none, so that no point sits on the frame.
func padded(lo, hi, f float64) (float64, float64) {
	d := f * (hi - lo)
	if d == 0 {
		d = f * max(math.Abs(lo), 1)
	}
	return lo - d, hi + d
}
