package main

import (
	endian "encoding/binary"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/job"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/stream"
)

// formatVersion is the format version of the checkpoint file at path.
func formatVersion(t *testing.T, path string) uint32 {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || len(data) < 12 {
		t.Fatalf("%s: %v", path, err)
	}
	return endian.BigEndian.Uint32(data[8:12])
}

// predictions is what predict --json answers for texts with the model at
// path, with the flags args.
func predictions(t *testing.T, path string, args []string, texts ...string) []stream.Prediction {
	t.Helper()
	got := runCLI(t, "", append(append([]string{"predict", "--model", path, "--json"}, args...), texts...)...)
	if got.code != exitOK {
		t.Fatalf("predict --model %s: exit status %d, stderr %q", path, got.code, got.stderr)
	}
	var out []stream.Prediction
	for _, line := range strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n") {
		var p stream.Prediction
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		out = append(out, p)
	}
	return out
}

// traced is every probability of the answers ps and of their traces.
func traced(ps []stream.Prediction) []float64 {
	var out []float64
	for _, p := range ps {
		out = append(out, p.Probabilities["negative"], p.Probabilities["positive"])
		for _, s := range p.Trace {
			out = append(out, s.Probabilities["negative"], s.Probabilities["positive"])
		}
	}
	return out
}

// evalJSONOf is what eval --json reports for the model at path on data.
func evalJSONOf(t *testing.T, path, data string) (accuracy, loss float64) {
	t.Helper()
	got := runCLI(t, "", "eval", "--model", path, "--data", data, "--json")
	var out struct{ Accuracy, Loss float64 }
	if got.code != exitOK || json.Unmarshal([]byte(got.stdout), &out) != nil {
		t.Fatalf("eval --model %s: exit status %d, stdout %q, stderr %q", path, got.code, got.stdout, got.stderr)
	}
	return out.Accuracy, out.Loss
}

func TestTrainEnsembleTrainsEachSeedAndAveragesThem(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "dev.csv", reviews(binary, true))
	// With --dev nothing is split off by the seed, so each member is the
	// network its own seed trains alone.
	flags := []string{"--dev", "dev.csv", "--dropout", "0.2", "--patience", "0"}
	got := trainSmall(t, append(flags, "--model", "ensemble.gob", "--ensemble", "2", "--json")...)
	text := trainSmall(t, append(flags, "--model", "text.gob", "--ensemble", "2")...)
	trainSmall(t, append(flags, "--model", "first.gob")...)
	trainSmall(t, append(flags, "--model", "second.gob", "--seed", "2")...)
	ens, first, second := decodeModel(t, "ensemble.gob"), decodeModel(t, "first.gob"), decodeModel(t, "second.gob")

	if !reflect.DeepEqual(ens.Networks(), [][]model.Tensor{first.Tensors, second.Tensors}) {
		t.Error("the ensemble's networks are not those of seeds 1 and 2 trained alone")
	}
	if v := formatVersion(t, "ensemble.gob"); v != model.RawFormatVersion {
		t.Errorf("format version %d, want %d", v, model.RawFormatVersion)
	}
	wantMembers := []job.MemberRecord{
		{Seed: 1, Epochs: first.Record.Epochs, BestEpoch: first.Record.BestEpoch, BestValAccuracy: first.Record.BestValAccuracy},
		{Seed: 2, Epochs: second.Record.Epochs, BestEpoch: second.Record.BestEpoch, BestValAccuracy: second.Record.BestValAccuracy},
	}
	r := ens.Record
	if r.Ensemble != 2 || !reflect.DeepEqual(r.Members, wantMembers) || r.Epochs != 4 || r.BestEpoch != 0 {
		t.Errorf("record %+v, want an ensemble of 2 whose members are %+v", r, wantMembers)
	}

	// --json: each epoch names its member; the summary is the ensemble's.
	lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("stdout %q, want four epochs and a summary", got.stdout)
	}
	for i, want := range []int{1, 1, 2, 2} {
		var e struct{ Epoch, Member int }
		if json.Unmarshal([]byte(lines[i]), &e) != nil || e.Member != want || e.Epoch != i%2+1 {
			t.Errorf("line %q, want epoch %d of member %d", lines[i], i%2+1, want)
		}
	}
	var sum struct {
		Params      int
		Epochs      int
		ValAccuracy float64 `json:"val_accuracy"`
		Members     []struct {
			Member, Epochs int
			Seed           uint64
			BestEpoch      int     `json:"best_epoch"`
			ValAccuracy    float64 `json:"val_accuracy"`
		}
	}
	if err := json.Unmarshal([]byte(lines[4]), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Params != 2*ens.Config.NumParams() || sum.Epochs != 4 || sum.ValAccuracy != r.BestValAccuracy || len(sum.Members) != 2 ||
		sum.Members[1].Member != 2 || sum.Members[1].Seed != 2 || sum.Members[1].BestEpoch != second.Record.BestEpoch ||
		sum.Members[1].ValAccuracy != second.Record.BestValAccuracy || strings.Contains(lines[4], "best_epoch\":0") {
		t.Errorf("summary %s does not describe the ensemble %+v", lines[4], r)
	}
	wantLine := regexp.MustCompile(`^best val_acc \d+\.\d% at epoch [12], \d+\.\d% at epoch [12]; ensemble val_acc \d+\.\d%; saved text\.gob\n$`)
	if !wantLine.MatchString(text.stdout) {
		t.Errorf("stdout %q, want each member's best and the ensemble's accuracy", text.stdout)
	}
	if !reflect.DeepEqual(decodeModel(t, "text.gob").Networks(), ens.Networks()) {
		t.Error("--json changed the ensemble")
	}

	// predict: the mean of the members' probabilities, and of their traces.
	texts := []string{"The film was great.", "What a dull hotel!", "The book was not boring."}
	trace := []string{"--trace"}
	pe := traced(predictions(t, "ensemble.gob", trace, texts...))
	p1, p2 := traced(predictions(t, "first.gob", trace, texts...)), traced(predictions(t, "second.gob", trace, texts...))
	if len(pe) != 2*(3+16) {
		t.Fatalf("%d probabilities, want two for each of 3 answers and 16 trace steps", len(pe))
	}
	for i := range pe {
		if want := (p1[i] + p2[i]) / 2; math.Abs(pe[i]-want) > 1e-12 {
			t.Fatalf("probability %d: %v, the members' mean is %v", i, pe[i], want)
		}
	}
	if reflect.DeepEqual(pe, p1) {
		t.Error("the ensemble answers as its first member alone")
	}

	// eval: the loss of the averaged probabilities, and the accuracy that
	// training recorded on the same file.
	f, err := os.Open("dev.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	rows = rows[1:]
	var devTexts []string
	for _, row := range rows {
		devTexts = append(devTexts, row[0])
	}
	d1, d2 := predictions(t, "first.gob", nil, devTexts...), predictions(t, "second.gob", nil, devTexts...)
	wantLoss := 0.0
	for i, row := range rows {
		name := map[string]string{"0": "negative", "1": "positive"}[row[1]]
		wantLoss -= math.Log((d1[i].Probabilities[name] + d2[i].Probabilities[name]) / 2)
	}
	wantLoss /= float64(len(rows))
	acc, loss := evalJSONOf(t, "ensemble.gob", "dev.csv")
	if acc != r.BestValAccuracy || math.Abs(loss-wantLoss) > 1e-12 {
		t.Errorf("eval: accuracy %v, loss %v; want the recorded %v, and the loss of the members' mean, %v", acc, loss, r.BestValAccuracy, wantLoss)
	}
}

func TestEnsembleOfOneIsTheSingleNetwork(t *testing.T) {
	t.Chdir(t.TempDir())
	plain := trainSmall(t, "--model", "plain.gob", "--dropout", "0.2", "--json")
	one := trainSmall(t, "--model", "one.gob", "--dropout", "0.2", "--json", "--ensemble", "1")
	a, b := decodeModel(t, "plain.gob"), decodeModel(t, "one.gob")
	if !reflect.DeepEqual(a.Tensors, b.Tensors) || b.Members != nil || formatVersion(t, "one.gob") != model.RawFormatVersion {
		t.Errorf("--ensemble 1 wrote %d networks in format version %d, other weights than without it: %v",
			len(b.Networks()), formatVersion(t, "one.gob"), !reflect.DeepEqual(a.Tensors, b.Tensors))
	}
	a.Record.Created, a.Record.Args, b.Record.Created, b.Record.Args = "", nil, "", nil
	if !reflect.DeepEqual(a.Record, b.Record) || b.Record.Members != nil || b.Record.BestEpoch == 0 {
		t.Errorf("records differ:\n%+v\n%+v", a.Record, b.Record)
	}
	// The same lines, timings and the file name aside.
	mask := regexp.MustCompile(`"(seconds|seconds_per_epoch|tokens_per_second)":[^,}]+|(plain|one)\.gob`)
	if p, o := mask.ReplaceAllString(plain.stdout, ""), mask.ReplaceAllString(one.stdout, ""); p != o || strings.Contains(o, "member") {
		t.Errorf("stdout without --ensemble\n%s\nwith --ensemble 1\n%s", p, o)
	}
}
