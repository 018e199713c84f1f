package main

import (
	"image/png"
	"os"
	"testing"

	"github.com/rnnsent/rnnsent/internal/charts"
)

func TestPlotsAreWritten(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "dev.csv", reviews(binary, false))
	trainSmall(t, "--plot", "training.png")
	if got := runCLI(t, "", "eval", "--model", "model.gob", "--data", "dev.csv", "--plot", "confusion.PNG"); got.code != exitOK {
		t.Fatalf("eval: exit status %d, stderr %q", got.code, got.stderr)
	}
	for _, tt := range []struct {
		file          string
		width, height int
	}{
		{"training.png", charts.TrainingWidth, charts.TrainingHeight},
		{"confusion.PNG", charts.ConfusionWidth, charts.ConfusionHeight},
	} {
		f, err := os.Open(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != tt.width || cfg.Height != tt.height {
			t.Errorf("%s: %d×%d (%v), want a %d×%d PNG", tt.file, cfg.Width, cfg.Height, err, tt.width, tt.height)
		}
	}
}

func TestBadPlotPathsFailBeforeWork(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	tests := []struct {
		name string
		args []string
		code exitCode
		want string
	}{
		{"train plot that is not a PNG", []string{"train", "--data", "train.csv", "--plot", "loss.svg"}, exitUsage,
			`--plot must name a .png file, got "loss.svg"`},
		{"train plot in a missing folder", []string{"train", "--data", "train.csv", "--plot", "out/loss.png"}, exitError,
			`cannot write out/loss.png: directory "out" does not exist`},
		{"eval plot of an extension alone", []string{"eval", "--data", "train.csv", "--plot", "plots/.png"}, exitUsage,
			`--plot must name a .png file, got "plots/.png"`},
		{"eval plot that is not a PNG", []string{"eval", "--data", "train.csv", "--plot", "confusion.jpg"}, exitUsage,
			`--plot must name a .png file, got "confusion.jpg"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", tt.args...)
			if want := "rnnsent: " + tt.want + "\n"; got.code != tt.code || got.stderr != want {
				t.Errorf("exit status %d, stderr %q; want %d and %q", got.code, got.stderr, tt.code, want)
			}
			if _, err := os.Stat("model.gob"); !os.IsNotExist(err) {
				t.Errorf("a model was written (%v)", err)
			}
		})
	}
}
