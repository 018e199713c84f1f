package charts

import (
	"bytes"
	"cmp"
	"fmt"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"
)

func TestTrainingWritesPNG(t *testing.T) {
	tests := []struct {
		name   string
		epochs []Epoch
	}{
		{"one epoch", []Epoch{{Epoch: 1, Loss: 0.69, Accuracy: 0.5, ValLoss: 0.7, ValAccuracy: 0.48}}},
		{"ten epochs", tenEpochs()},
		{"a resumed run starting at epoch 4", tenEpochs()[3:]},
		{"a hundred epochs", hundredEpochs()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Training(&b, tt.epochs); err != nil {
				t.Fatal(err)
			}
			checkPNG(t, b.Bytes(), TrainingWidth, TrainingHeight)
		})
	}
}

func tenEpochs() []Epoch {
	var es []Epoch
	for i := range 10 {
		f := float64(i)
		es = append(es, Epoch{Epoch: i + 1, Loss: 0.7 / (1 + f), Accuracy: 0.5 + 0.05*f, ValLoss: 0.7/(1+f) + 0.02*f, ValAccuracy: 0.5 + 0.04*f})
	}
	return es
}

func hundredEpochs() []Epoch {
	var es []Epoch
	for i := range 100 {
		es = append(es, Epoch{Epoch: i + 1, Loss: 1 / float64(i+1), Accuracy: 0.9, ValLoss: 1, ValAccuracy: 0.8})
	}
	return es
}

func TestConfusionWritesPNG(t *testing.T) {
	tests := []struct {
		name   string
		m      [][]int
		labels []string
	}{
		{"binary", [][]int{{97, 3}, {0, 100}}, []string{"negative", "positive"}},
		{"three classes, one never seen", [][]int{{40, 5, 5}, {0, 0, 0}, {2, 8, 40}}, []string{"negative", "neutral", "positive"}},
		{"twenty classes", identity(20), strings.Fields("a b c d e f g h i j k l m n o p q r s t")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Confusion(&b, tt.m, tt.labels); err != nil {
				t.Fatal(err)
			}
			checkPNG(t, b.Bytes(), ConfusionWidth, ConfusionHeight)
		})
	}
}

func identity(n int) [][]int {
	m := make([][]int, n)
	for i := range m {
		m[i] = make([]int, n)
		m[i][i] = i + 1
	}
	return m
}

// checkPNG decodes data and checks its size and that something is drawn:
// ink in more than a sliver of it, and some colour beside black, white
// and grey.
func checkPNG(t *testing.T, data []byte, width, height int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != width || b.Dy() != height {
		t.Errorf("image is %d×%d, want %d×%d", b.Dx(), b.Dy(), width, height)
	}
	dark, coloured := 0, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r+g+bl < 3*0x4000 {
				dark++
			}
			if max(r, g, bl)-min(r, g, bl) > 0x3000 {
				coloured++
			}
		}
	}
	if area := b.Dx() * b.Dy(); dark < area/1000 || coloured < 100 {
		t.Errorf("%d dark and %d coloured pixels of %d: the image is nearly blank", dark, coloured, area)
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tt := range []struct {
		name   string
		lo, hi float64
		n      int
		want   string
	}{
		{"loss", 0.02, 0.74, 5, "0.2 0.4 0.6"},
		{"accuracy in percent", 48, 102, 5, "50 60 70 80 90 100"},
		{"gate means", 0, 1, 5, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{"distances", 0, 30, 6, "0 5 10 15 20 25 30"},
		{"negative to positive", -1.3, 1.3, 4, "-1.0 -0.5 0.0 0.5 1.0"},
		{"one distance", 0, 1, 6, "0.0 0.2 0.4 0.6 0.8 1.0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := labels(niceTicks(tt.lo, tt.hi, tt.n)); got != tt.want {
				t.Errorf("niceTicks(%v, %v, %d) = %q, want %q", tt.lo, tt.hi, tt.n, got, tt.want)
			}
		})
	}
}

func TestDecadeTicks(t *testing.T) {
	for _, tt := range []struct {
		name   string
		lo, hi float64
		want   string
	}{
		{"one point at 1, with minor ticks", 0.1, 10, "0.1 1 10 _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _"},
		{"a fall to a millionth", 1e-7, 10, "1e-7 1e-6 1e-5 1e-4 0.001 0.01 0.1 1 10"},
		{"not on decades", 0.03, 70, "0.1 1 10"},
		{"thirty decades, every fifth labelled", 1e-30, 10, "1e-30 _ _ _ _ 1e-25"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := labels(decadeTicks(tt.lo, tt.hi))
			if len(got) > len(tt.want) {
				got = got[:len(tt.want)]
			}
			if got != tt.want {
				t.Errorf("decadeTicks(%v, %v) = %q…, want %q…", tt.lo, tt.hi, got, tt.want)
			}
		})
	}
}

// labels are the ticks' labels, a minor tick's as _.
func labels(ticks []tick) string {
	var s []string
	for _, t := range ticks {
		s = append(s, cmp.Or(t.label, "_"))
	}
	return strings.Join(s, " ")
}

func BenchmarkCharts(b *testing.B) {
	series := []Norms{{"rnn", make([]float64, 31), false}}
	for d := range series[0].Norms {
		series[0].Norms[d] = math.Pow(0.6, float64(d))
	}
	for _, bb := range []struct {
		name string
		draw func(io.Writer) error
	}{
		{"training", func(w io.Writer) error { return Training(w, tenEpochs()) }},
		{"confusion", func(w io.Writer) error {
			return Confusion(w, [][]int{{97, 3}, {0, 100}}, []string{"negative", "positive"})
		}},
		{"gradients", func(w io.Writer) error {
			return Gradients(w, "heading", []Panel{{"before", series}, {"after", series}})
		}},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if err := bb.draw(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestBadInputsAreErrors(t *testing.T) {
	nan := tenEpochs()
	nan[4].ValLoss = math.NaN()
	tests := []struct {
		name string
		draw func() error
		want string
	}{
		{"no epochs", func() error { return Training(&bytes.Buffer{}, nil) }, "charts: no epochs to draw"},
		{"epochs out of order", func() error { return Training(&bytes.Buffer{}, []Epoch{{Epoch: 2}, {Epoch: 2}}) },
			"charts: epoch 2 follows epoch 2"},
		{"a score that is not a number", func() error { return Training(&bytes.Buffer{}, nan) }, "charts: epoch 5 has a score of NaN"},
		{"empty matrix", func() error { return Confusion(&bytes.Buffer{}, nil, nil) }, "charts: empty confusion matrix"},
		{"labels do not match", func() error { return Confusion(&bytes.Buffer{}, [][]int{{1, 0}, {0, 1}}, []string{"a"}) },
			"charts: 1 labels for a 2×2 confusion matrix"},
		{"ragged matrix", func() error { return Confusion(&bytes.Buffer{}, [][]int{{1, 0}, {0}}, []string{"a", "b"}) },
			"charts: row 1 of the confusion matrix has 1 counts, want 2"},
		{"negative count", func() error { return Confusion(&bytes.Buffer{}, [][]int{{1, -1}, {0, 1}}, []string{"a", "b"}) },
			"charts: negative count -1 in row 0 of the confusion matrix"},
		{"no texts", func() error { return Confusion(&bytes.Buffer{}, [][]int{{0, 0}, {0, 0}}, []string{"a", "b"}) },
			"charts: the confusion matrix counts no texts"},
		// An image of nothing but ink: counts and labels run into each other.
		{"too many classes", func() error { return Confusion(&bytes.Buffer{}, identity(21), make([]string, 21)) },
			"charts: a confusion matrix of 21 classes is too wide to draw (at most 20)"},
		{"class names that leave the matrix no room", func() error { return Confusion(&bytes.Buffer{}, identity(2), []string{"a", strings.Repeat("x", 80)}) },
			"charts: the class names, of up to 80 characters, are too long to draw beside a confusion matrix of 2 classes: they leave it 0 of the 120 pixels it needs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.draw()
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestInspectChartsWritePNG(t *testing.T) {
	fall := func(n int, f float64) []float64 {
		s := make([]float64, n)
		for d := range s {
			s[d] = math.Pow(f, float64(d))
		}
		return s
	}
	tokens := strings.Fields("not bad at all , really")
	means := make([][]float64, len(tokens))
	for i := range means {
		means[i] = []float64{0.2, 0.9, 0.5}
	}
	long := strings.Fields(strings.Repeat("word ", 40))
	longMeans := make([][]float64, len(long))
	for i := range longMeans {
		longMeans[i] = []float64{0.3, 0.7}
	}
	for _, tt := range []struct {
		name string
		draw func(w *bytes.Buffer) error
	}{
		{"three cells and a dashed line", func(w *bytes.Buffer) error {
			series := []Norms{{"rnn", fall(31, 0.5), false}, {"gru", fall(31, 0.97), false},
				{"lstm c", fall(31, 0.99), false}, {"lstm h", fall(31, 0.8), true}}
			return Gradients(w, "heading", []Panel{{"before", series}, {"after", series}})
		}},
		{"a norm of zero", func(w *bytes.Buffer) error {
			return Gradients(w, "heading", []Panel{{"", []Norms{{"rnn", []float64{1, 1e-30, 0, 0}, false}}}})
		}},
		{"one token", func(w *bytes.Buffer) error {
			return Gradients(w, "heading", []Panel{{"", []Norms{{"gru", []float64{1}, false}}}})
		}},
		{"gates of six tokens", func(w *bytes.Buffer) error {
			return Gates(w, "heading", tokens, []string{"input", "forget", "output"}, means)
		}},
		{"gates of forty tokens", func(w *bytes.Buffer) error {
			return Gates(w, "heading", long, []string{"reset", "update"}, longMeans)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.draw(&b); err != nil {
				t.Fatal(err)
			}
			checkPNG(t, b.Bytes(), InspectWidth, InspectHeight)
		})
	}
}

func TestInspectChartsRefuseBadInput(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"no panels", Gradients(&bytes.Buffer{}, "", nil), "charts: no panels of gradient norms"},
		{"no series", Gradients(&bytes.Buffer{}, "", []Panel{{}}), "charts: 0 series of gradient norms in a panel, want 1 to 10"},
		{"no norms", Gradients(&bytes.Buffer{}, "", []Panel{{"", []Norms{{Name: "rnn"}}}}), "charts: no norms for rnn"},
		{"a norm not a number", Gradients(&bytes.Buffer{}, "", []Panel{{"", []Norms{{Name: "rnn", Norms: []float64{1, math.NaN()}}}}}), "charts: rnn has a norm of NaN at distance 1"},
		{"no tokens", Gates(&bytes.Buffer{}, "", nil, []string{"reset"}, nil), "charts: no tokens to draw"},
		{"means for other tokens", Gates(&bytes.Buffer{}, "", []string{"a"}, []string{"reset"}, nil), "charts: gate means for 0 tokens, but 1 tokens"},
		{"a mean above 1", Gates(&bytes.Buffer{}, "", []string{"a"}, []string{"reset"}, [][]float64{{2}}), "charts: token 0 has gate means [2], want 1 in [0, 1]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || tt.err.Error() != tt.want {
				t.Errorf("error %v, want %q", tt.err, tt.want)
			}
		})
	}
}

// TestTokenTicks: the gates of a text of 200 tokens were drawn with a label
// under every token, which ran into each other, a band of ink.
func TestTokenTicks(t *testing.T) {
	for _, tt := range []struct {
		name         string
		tokens       int
		labels       int
		second, last float64 // where the second and the last label stand
	}{
		{"a short text, every token", 3, 3, 1, 2},
		{"as many as are named", maxTokenLabels, maxTokenLabels, 1, maxTokenLabels - 1},
		{"one more, every second", maxTokenLabels + 1, 26, 2, maxTokenLabels},
		{"the longest text read by default, every fourth", 200, 50, 4, 196},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tokens := make([]string, tt.tokens)
			for i := range tokens {
				tokens[i] = fmt.Sprintf("w%d", i)
			}
			ticks := tokenTicks(tokens)
			if len(ticks) != tt.labels || ticks[0].v != 0 || ticks[1].v != tt.second || ticks[len(ticks)-1].v != tt.last {
				t.Fatalf("%d labels at %v, ..., %v; want %d, the second at %v and the last at %v", len(ticks), ticks[0].v, ticks[len(ticks)-1].v, tt.labels, tt.second, tt.last)
			}
			if ticks[1].label != tokens[int(tt.second)] {
				t.Errorf("the second label %q, want %q", ticks[1].label, tokens[int(tt.second)])
			}
		})
	}
}

// A token of 80 letters, slanted under the plot, took all its height: the
// lines were drawn upside down over the heading.
func TestGatesKeepsItsPlotForALongToken(t *testing.T) {
	c, err := newCanvas(InspectWidth, InspectHeight)
	if err != nil {
		t.Fatal(err)
	}
	tokens := []string{"good", strings.Repeat("a", 80), "bad"}
	ticks := tokenTicks(tokens)
	if want := strings.Repeat("a", maxTokenLabel-1) + "…"; ticks[1].label != want {
		t.Errorf("the long token's label %q, want %q", ticks[1].label, want)
	}
	x := axis{label: "token", min: -0.5, max: 2.5, face: tickFace, ticks: ticks}
	y := axis{label: "mean activation", min: -0.03, max: 1.03, face: tickFace, ticks: niceTicks(0, 1, 5)}
	p := c.newPlot(c.heading("Gates", ""), "", x, y)
	if h := p.area.y1 - p.area.y0; h < InspectHeight/2 {
		t.Errorf("the plot is %.0f pixels high of the image's %d", h, InspectHeight)
	}
}
