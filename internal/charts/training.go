package charts

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
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
	c, err := newCanvas(TrainingWidth, TrainingHeight)
	if err != nil {
		return err
	}
	room := c.heading(fmt.Sprintf("Training: best validation accuracy %.1f%% at epoch %d of %d", 100*best.ValAccuracy, best.Epoch, len(epochs)), "")
	panels := room.columns(2, 24*pt)
	// A little room either side keeps the end points off the frame.
	x := axis{label: "epoch", min: float64(epochs[0].Epoch) - 0.3, max: float64(epochs[len(epochs)-1].Epoch) + 0.3, face: tickFace}
	x.ticks = epochTicks(x.min, x.max)
	for i, s := range []struct {
		title, label string
		value        func(Epoch) (train, val float64)
	}{
		{"Loss", "cross-entropy loss", func(e Epoch) (float64, float64) { return e.Loss, e.ValLoss }},
		{"Accuracy", "accuracy (%)", func(e Epoch) (float64, float64) { return 100 * e.Accuracy, 100 * e.ValAccuracy }},
	} {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, e := range epochs {
			t, v := s.value(e)
			lo, hi = min(lo, t, v), max(hi, t, v)
		}
		y := axis{label: s.label, face: tickFace}
		// Room either way keeps the points, and the ring round the best one,
		// inside the frame.
		y.min, y.max = padded(lo, hi, 0.08)
		y.ticks = niceTicks(y.min, y.max, 5)
		p := c.newPlot(panels[i], s.title, x, y)
		p.draw(c)
		train := line{name: "training", colour: blue, dots: true}
		val := line{name: "validation", colour: orange, dots: true, dashed: true}
		for _, e := range epochs {
			t, v := s.value(e)
			train.ps = append(train.ps, p.at(float64(e.Epoch), t))
			val.ps = append(val.ps, p.at(float64(e.Epoch), v))
		}
		lines := []line{train, val}
		if s.title == "Accuracy" {
			lines = append(lines, line{name: "best (kept)", colour: grey, ring: true, ps: []point{p.at(float64(best.Epoch), 100*best.ValAccuracy)}})
		}
		for _, l := range lines {
			c.drawLine(l)
		}
		c.legend(p, lines)
	}
	return c.encode(w)
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

// epochTicks marks whole epochs only: every one while they fit, else the
// first and every second, fifth, tenth... epoch.
func epochTicks(min, max float64) []tick {
	step := 1
	for _, s := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000} {
		step = s
		if (max-min)/float64(s) <= 12 {
			break
		}
	}
	first := int(math.Ceil(min))
	var ticks []tick
	for e := first; float64(e) <= max; e++ {
		if e == first || e%step == 0 {
			ticks = append(ticks, tick{float64(e), strconv.Itoa(e)})
		}
	}
	return ticks
}
