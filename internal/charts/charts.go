package charts

import (
	"image/color"
	"io"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// dpi is the resolution of every image: sharp on a high-density screen and
// in a README, where an image is shown at about half its pixel width.
const dpi = 144

// Colours of the two series, from the Okabe–Ito palette, which readers
// with colour-blindness can tell apart.
var (
	blue   = color.RGBA{R: 0, G: 114, B: 178, A: 255}
	orange = color.RGBA{R: 213, G: 94, B: 0, A: 255}
	grey   = color.Gray{Y: 110}
	ink    = color.Gray{Y: 40} // of headings
)

// sans is the typeface of every text: gonum/plot's default is a serif,
// which reads worse at the small sizes of axis ticks.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// pixels converts an image size in pixels to the points vg measures in.
func pixels(px int) vg.Length { return vg.Length(px) * vg.Inch / dpi }

// newPlot returns a plot without a title, its texts in sans.
func newPlot(xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = textFont(11, false)
		a.Tick.Label.Font = textFont(10, false)
	}
	p.Legend.TextStyle.Font = textFont(10, false)
	return p
}

func textFont(size font.Length, bold bool) font.Font {
	f := sans
	if bold {
		f.Weight = xfont.WeightBold
	}
	return font.From(f, size)
}

// textStyle is a text style for drawing outside a plot's own elements.
func textStyle(size font.Length, bold bool, c color.Color) text.Style {
	return text.Style{Color: c, Font: textFont(size, bold), XAlign: draw.XCenter, YAlign: draw.YCenter,
		Handler: plot.DefaultTextHandler}
}

// writePNG draws into a white canvas of width×height pixels and writes it
// as PNG.
func writePNG(w io.Writer, width, height int, drawFn func(draw.Canvas)) error {
	c := vgimg.NewWith(vgimg.UseWH(pixels(width), pixels(height)), vgimg.UseDPI(dpi),
		vgimg.UseBackgroundColor(color.White))
	drawFn(draw.New(c))
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}
