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

// Epoch is the score of one epoch of training.
type Epoch struct {
	Epoch                int     // from 1
	Loss, Accuracy       float64 // on the training data; accuracy in [0, 1]
	ValLoss, ValAccuracy float64 // on the validation data
}

// The size of the Training image in pixels.
const (
	TrainingWidth  = 1440
	TrainingHeight = 560
)

// Training draws loss and accuracy per epoch, on the training and the
// validation data, side by side, and marks the epoch of the best
// validation accuracy; it writes a PNG of TrainingWidth×TrainingHeight
// pixels to w.
func Training(w io.Writer, epochs []Epoch) error {
	if err := checkEpochs(epochs); err != nil {
		return err
	}
	best := bestEpoch(epochs)
	loss := newPlot("epoch", "cross-entropy loss")
	if err := addSeries(loss, epochs, func(e Epoch) (float64, float64) { return e.Loss, e.ValLoss }); err != nil {
		return err
	}
	acc := newPlot("epoch", "accuracy (%)")
	if err := addSeries(acc, epochs, func(e Epoch) (float64, float64) { return 100 * e.Accuracy, 100 * e.ValAccuracy }); err != nil {
		return err
	}
	if err := markBest(acc, best); err != nil {
		return err
	}
	// Loss falls and accuracy rises: the legends go where the lines are not.
	loss.Legend.Top = true
	acc.Legend.Top = false
	loss.Legend.XOffs, acc.Legend.XOffs = -vg.Points(8), -vg.Points(8)
	acc.Legend.YOffs = vg.Points(8)
	for _, p := range []*plot.Plot{loss, acc} {
		p.X.Tick.Marker = epochTicks{}
		// A little room either side keeps the end points off the frame.
		p.X.Min, p.X.Max = float64(epochs[0].Epoch)-0.3, float64(epochs[len(epochs)-1].Epoch)+0.3
		p.Add(plotter.NewGrid())
		// Headroom keeps the top points, and the ring around the best one,
		// inside the frame.
		p.Y.Max += 0.06 * (p.Y.Max - p.Y.Min)
	}
	heading := fmt.Sprintf("Training: best validation accuracy %.1f%% at epoch %d of %d", 100*best.ValAccuracy, best.Epoch, len(epochs))
	return writePNG(w, TrainingWidth, TrainingHeight, func(dc draw.Canvas) {
		dc.FillText(textStyle(14, true, ink), vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - vg.Points(14)}, heading)
		dc.Max.Y -= vg.Points(28)
		titles := dc.Max.Y - vg.Points(10)
		dc.Max.Y -= vg.Points(22)
		tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(24), PadLeft: vg.Points(6), PadRight: vg.Points(12), PadBottom: vg.Points(6)}
		canvases := plot.Align([][]*plot.Plot{{loss, acc}}, tiles, dc)
		// The panel titles are drawn here rather than by each plot, so
		// that they line up whatever the plots' tick labels.
		for i, p := range []*plot.Plot{loss, acc} {
			p.Draw(canvases[0][i])
			data := p.DataCanvas(canvases[0][i])
			dc.FillText(textStyle(13, true, ink), vg.Point{X: (data.Min.X + data.Max.X) / 2, Y: titles}, [...]string{"Loss", "Accuracy"}[i])
		}
	})
}

// checkEpochs rejects what cannot be drawn: no epochs, epochs out of order,
// a score that is not a number.
func checkEpochs(epochs []Epoch) error {
	if len(epochs) == 0 {
		return errors.New("charts: no epochs to draw")
	}
	for i, e := range epochs {
		if i > 0 && e.Epoch <= epochs[i-1].Epoch {
			return fmt.Errorf("charts: epoch %d follows epoch %d", e.Epoch, epochs[i-1].Epoch)
		}
		for _, v := range []float64{e.Loss, e.Accuracy, e.ValLoss, e.ValAccuracy} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("charts: epoch %d has a score of %v", e.Epoch, v)
			}
		}
	}
	return nil
}

// bestEpoch is the first epoch of the highest validation accuracy, the one
// training keeps.
func bestEpoch(epochs []Epoch) Epoch {
	best := epochs[0]
	for _, e := range epochs[1:] {
		if e.ValAccuracy > best.ValAccuracy {
			best = e
		}
	}
	return best
}

// addSeries adds the training and validation lines of the score value
// picks.
func addSeries(p *plot.Plot, epochs []Epoch, value func(Epoch) (train, val float64)) error {
	train, val := make(plotter.XYs, len(epochs)), make(plotter.XYs, len(epochs))
	for i, e := range epochs {
		t, v := value(e)
		train[i] = plotter.XY{X: float64(e.Epoch), Y: t}
		val[i] = plotter.XY{X: float64(e.Epoch), Y: v}
	}
	for _, s := range []struct {
		name   string
		xys    plotter.XYs
		colour color.Color
		dashed bool
	}{{"training", train, blue, false}, {"validation", val, orange, true}} {
		line, points, err := plotter.NewLinePoints(s.xys)
		if err != nil {
			return err
		}
		line.Color, line.Width = s.colour, vg.Points(2)
		if s.dashed {
			line.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		points.Color, points.Shape, points.Radius = s.colour, draw.CircleGlyph{}, vg.Points(2.5)
		p.Add(line, points)
		p.Legend.Add(s.name, line, points)
	}
	return nil
}

// markBest rings the best validation accuracy.
func markBest(p *plot.Plot, best Epoch) error {
	s, err := plotter.NewScatter(plotter.XYs{{X: float64(best.Epoch), Y: 100 * best.ValAccuracy}})
	if err != nil {
		return err
	}
	s.Color, s.Shape, s.Radius = grey, draw.RingGlyph{}, vg.Points(7)
	p.Add(s)
	p.Legend.Add("best (kept)", s)
	return nil
}

// epochTicks marks whole epochs only: every one while they fit, else the
// first and every second, fifth, tenth... epoch.
type epochTicks struct{}

func (epochTicks) Ticks(min, max float64) []plot.Tick {
	step := 1
	for _, s := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000} {
		step = s
		if (max-min)/float64(s) <= 12 {
			break
		}
	}
	first := int(math.Ceil(min))
	var ticks []plot.Tick
	for e := first; float64(e) <= max; e++ {
		if e == first || e%step == 0 {
			ticks = append(ticks, plot.Tick{Value: float64(e), Label: strconv.Itoa(e)})
		}
	}
	return ticks
}
