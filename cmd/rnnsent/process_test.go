package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	endian "encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rnnsent/rnnsent/internal/job"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
)

// manyReviews is a labelled fixture of n rows drawn by seed from the
// templates of reviews, with filler words so that lengths vary.
func manyReviews(n int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, seed))
	classes := []string{"negative", "positive"}
	fillers := []string{"", "really ", "very ", "so very ", "honestly quite "}
	var b strings.Builder
	b.WriteString("text,label\n")
	for range n {
		k := rng.IntN(2)
		adj := adjectives[classes[k]][rng.IntN(3)]
		text := fmt.Sprintf(templates[rng.IntN(len(templates))], subjects[rng.IntN(len(subjects))], fillers[rng.IntN(len(fillers))]+adj)
		fmt.Fprintf(&b, "%s,%d\n", text, k)
	}
	return b.String()
}

// process runs the rnnsent binary in dir.
type process struct {
	t   *testing.T
	bin string
	dir string
}

func (p process) command(args ...string) *exec.Cmd {
	cmd := exec.Command(p.bin, args...)
	cmd.Dir = p.dir
	return cmd
}

// run runs the binary to its end and returns its stderr and exit status.
func (p process) run(args ...string) (stderr string, code int) {
	p.t.Helper()
	return p.runCommand(p.command(args...))
}

func (p process) runCommand(cmd *exec.Cmd) (stderr string, code int) {
	p.t.Helper()
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	err := cmd.Run()
	if _, ok := errors.AsType[*exec.ExitError](err); err != nil && !ok {
		p.t.Fatal(err)
	}
	return errOut.String(), cmd.ProcessState.ExitCode()
}

func (p process) path(name string) string { return filepath.Join(p.dir, name) }

// loadCheckpoint decodes a checkpoint the binary wrote.
func (p process) loadCheckpoint(name string) savedModel {
	p.t.Helper()
	return decodeModel(p.t, p.path(name))
}

// sameModel fails the test unless the checkpoints got and want hold the
// same weights and the same training record, the date aside.
func (p process) sameModel(got, want string) {
	p.t.Helper()
	g, w := p.loadCheckpoint(got), p.loadCheckpoint(want)
	if !reflect.DeepEqual(g.Networks(), w.Networks()) {
		p.t.Errorf("%s holds other weights than %s", got, want)
	}
	if g.Record.Epochs != w.Record.Epochs || g.Record.BestEpoch != w.Record.BestEpoch || g.Record.BestValAccuracy != w.Record.BestValAccuracy ||
		!reflect.DeepEqual(g.Record.Members, w.Record.Members) {
		p.t.Errorf("%s records %+v, %s %+v", got, g.Record, want, w.Record)
	}
}

// TestBinary runs the real rnnsent binary, as a user's shell would, where
// signals, exit statuses and memory use can only be seen from outside.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("sends Unix signals")
	}
	bin := filepath.Join(t.TempDir(), "rnnsent")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	newProcess := func(t *testing.T) process {
		p := process{t: t, bin: bin, dir: t.TempDir()}
		writeFile(t, p.path("train.csv"), manyReviews(600, 1))
		return p
	}
	t.Run("SIGINT, then --resume, gives the uninterrupted model", func(t *testing.T) {
		testInterruptAndResume(t, newProcess(t), nil, "")
	})
	t.Run("SIGINT in an ensemble's second member, then --resume, gives the uninterrupted ensemble", func(t *testing.T) {
		testInterruptAndResume(t, newProcess(t), []string{"--ensemble", "2", "--epochs", "3"}, "member 2/2")
	})
	t.Run("SIGKILL while writing checkpoints leaves files that load", func(t *testing.T) {
		testKillWhileCheckpointing(t, newProcess(t))
	})
	t.Run("damaged checkpoints fail fast and small", func(t *testing.T) {
		testDamagedCheckpoints(t, newProcess(t))
	})
	t.Run("a second run on the same model fails at once, naming the first", func(t *testing.T) {
		testSecondRunOnTheSameModel(t, newProcess(t))
	})
	t.Run("a named pipe as --data", func(t *testing.T) {
		testNamedPipeAsData(t, newProcess(t))
	})
	t.Run("SIGINT stops a wide network within a time step, a second at once", func(t *testing.T) {
		testInterruptWideNetwork(t, newProcess(t))
	})
	t.Run("SIGHUP, as a closing terminal sends it, stops a run as SIGINT does", func(t *testing.T) {
		testHangup(t, newProcess(t))
	})
	t.Run("SIGPIPE, from a closed pipe on standard output, stops a run as SIGINT does", func(t *testing.T) {
		testBrokenPipe(t, newProcess(t))
	})
	t.Run("another user's resume file in a sticky folder is refused before the run", func(t *testing.T) {
		testAnotherUsersResumeFile(t, newProcess(t))
	})
	t.Run("predict over splits of an input, as Hadoop Streaming and RDD.pipe run it, answers as one process does", func(t *testing.T) {
		testPredictOverSplits(t, process{t: t, bin: bin, dir: t.TempDir()})
	})
}

// testPredictOverSplits runs rnnsent predict --json - as a streaming mapper
// runs: several processes at once, each over a split of the input cut at
// line ends, their outputs concatenated in split order; docs/scale.md's
// recipe relies on that giving the bytes one process gives.
func testPredictOverSplits(t *testing.T, p process) {
	texts := strings.Split(strings.TrimSuffix(manyReviews(3000, 7), "\n"), "\n")[1:]
	var jsonl strings.Builder
	for i, text := range texts {
		fmt.Fprintf(&jsonl, "{\"id\":%d,\"text\":%q}\n", i, strings.Split(text, ",")[0])
	}
	tests := []struct {
		name   string
		format string
		input  string
		splits int
	}{
		{"lines in 3 splits", "lines", strings.Join(texts, "\n") + "\n", 3},
		{"JSON lines with ids in 7 splits", "jsonl", jsonl.String(), 7},
		{"one line per split", "lines", strings.Join(texts[:5], "\n") + "\n", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			whole := p.stdout(t, tt.input, "predict", "--json", "--input-format", tt.format, "-")
			lines := strings.SplitAfter(strings.TrimSuffix(tt.input, "\n"), "\n")
			outs := make([]*bytes.Buffer, tt.splits)
			cmds := make([]*exec.Cmd, tt.splits)
			for i := range tt.splits {
				part := lines[i*len(lines)/tt.splits : (i+1)*len(lines)/tt.splits]
				outs[i] = new(bytes.Buffer)
				cmds[i] = p.command("predict", "--json", "--input-format", tt.format, "-")
				cmds[i].Stdin = strings.NewReader(strings.Join(part, ""))
				cmds[i].Stdout = outs[i]
				if err := cmds[i].Start(); err != nil {
					t.Fatal(err)
				}
			}
			var joined []byte
			for i, cmd := range cmds {
				if err := cmd.Wait(); err != nil {
					t.Fatalf("split %d: %v", i, err)
				}
				joined = append(joined, outs[i].Bytes()...)
			}
			if !bytes.Equal(joined, whole) {
				t.Errorf("%d splits answered other bytes than one process (%d bytes, %d)", tt.splits, len(joined), len(whole))
			}
			if n := bytes.Count(whole, []byte("\n")); n != len(lines) {
				t.Errorf("%d answers to %d lines", n, len(lines))
			}
		})
	}
}

// stdout runs the binary on stdin to its end and returns its standard
// output; t is the test it runs for.
func (p process) stdout(t *testing.T, stdin string, args ...string) []byte {
	t.Helper()
	cmd := p.command(args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rnnsent %s: %v", strings.Join(args, " "), err)
	}
	return out
}

// testAnotherUsersResumeFile resumes, as another user, a run that root
// interrupted in a folder with the sticky bit, as /tmp: the kernel lets
// the resumed run neither replace the resume file, when interrupted, nor
// remove it at the end, where the run failed after training to it.
func testAnotherUsersResumeFile(t *testing.T, p process) {
	if os.Geteuid() != 0 {
		t.Skip("making files of other users needs root")
	}
	const nobody = 65534
	shared := p.path("shared")
	// The test's folders, the binary's and this one, are root's alone.
	var errs []error
	for _, dir := range []string{filepath.Dir(p.bin), p.dir} {
		errs = append(errs, os.Chmod(dir, 0o755), os.Chmod(filepath.Dir(dir), 0o755))
	}
	if err := errors.Join(append(errs, os.Mkdir(shared, 0o755), os.Chmod(shared, 0o777|fs.ModeSticky))...); err != nil {
		t.Fatal(err)
	}
	asNobody := func(args ...string) *exec.Cmd {
		cmd := p.command(args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
		return cmd
	}
	if err := asNobody("--version").Run(); err != nil {
		t.Skipf("the other user cannot run the binary in %s: %v", p.dir, err)
	}
	run := p.command("train", "--data", "train.csv", "--model", "shared/r.gob", "--checkpoint-every", "1", "--epochs", "20", "--patience", "0",
		"--hidden", "8", "--embed-dim", "8", "--quiet")
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	for range 500 {
		if _, err := os.Stat(p.path("shared/r.gob.resume")); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	run.Process.Signal(os.Interrupt)
	run.Wait()
	os.Remove(p.path("shared/r.gob")) // the model is the user's to write; the resume file is root's
	before, err := os.ReadFile(p.path("shared/r.gob.resume"))
	if err != nil {
		t.Fatalf("the interrupted run left no resume file: %v", err)
	}
	stderr, code := p.runCommand(asNobody("train", "--resume", "shared/r.gob.resume", "--quiet"))
	want := "rnnsent: cannot write shared/r.gob.resume: it is another user's, in \"shared\", a folder where only a file's owner may replace it\n"
	if code != 1 || stderr != want {
		t.Errorf("exit status %d, stderr %q; want 1 and %q", code, stderr, want)
	}
	if after, _ := os.ReadFile(p.path("shared/r.gob.resume")); !bytes.Equal(after, before) {
		t.Error("the resume file changed")
	}
}

// testSecondRunOnTheSameModel starts a training run and, while it holds its
// model, a second one on the same model: the second fails at once with the
// first's process id, and the first goes on to save its model.
func testSecondRunOnTheSameModel(t *testing.T, p process) {
	first := p.command(append([]string{"train", "--data", "train.csv", "--model", "m.gob", "--epochs", "30", "--patience", "0"}, "--quiet")...)
	var firstErr bytes.Buffer
	first.Stderr = &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()
	for range 200 {
		if _, err := os.Stat(p.path("m.gob.lock")); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	stderr, code := p.run("train", "--data", "train.csv", "--model", "./m.gob", "--quiet")
	want := fmt.Sprintf("rnnsent: ./m.gob is being written by another training run, process %d (it holds ./m.gob.lock)\n", first.Process.Pid)
	if code != 1 || stderr != want {
		t.Errorf("second run: exit status %d, stderr %q; want 1 and %q", code, stderr, want)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the second run took %v to fail", took)
	}
	first.Process.Signal(os.Interrupt)
	first.Wait()
	if _, err := predict.Load(p.path("m.gob")); err != nil && !strings.Contains(firstErr.String(), "no model yet") && !strings.Contains(firstErr.String(), "nothing was written") {
		t.Errorf("the first run's model: %v (stderr %q)", err, firstErr.String())
	}
	if _, err := os.Stat(p.path("m.gob.lock")); !os.IsNotExist(err) {
		t.Errorf("the lock file outlived both runs (%v)", err)
	}
}

// testNamedPipeAsData trains from a named pipe, as --data <(zcat x.gz)
// would: the file is read once, hashed as it is read.
func testNamedPipeAsData(t *testing.T, p process) {
	fifo := p.path("data.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p.path("train.csv"))
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		f.Write(data)
		f.Close()
	}()
	cmd := p.command("train", "--data", "data.fifo", "--model", "fifo.gob", "--epochs", "1", "--hidden", "8", "--quiet")
	timer := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer timer.Stop()
	if stderr, code := p.runCommand(cmd); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, stderr)
	}
	sum := sha256.Sum256(data)
	if r := p.loadCheckpoint("fifo.gob").Record; r.DataSHA256 != fmt.Sprintf("%x", sum) {
		t.Errorf("recorded checksum %s, want the data's %x", r.DataSHA256, sum)
	}
}

// testInterruptWideNetwork interrupts a network whose every batch takes
// seconds: the first SIGINT is acknowledged at once and the run stops
// within a time step, leaving a resume file; a second SIGINT right after
// the first ends the process at once.
func testInterruptWideNetwork(t *testing.T, p process) {
	for _, signals := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d signals", signals), func(t *testing.T) {
			os.Remove(p.path("wide.gob.resume"))
			cmd, errOut := startTraining(t, p, "train", "--data", "train.csv", "--model", "wide.gob", "--hidden", "700", "--batch-size", "256", "--quiet")
			time.Sleep(time.Second) // into the first batch
			start := time.Now()
			cmd.Process.Signal(os.Interrupt)
			acknowledged, second := time.Duration(0), time.Time{}
			done := make(chan error)
			go func() { done <- cmd.Wait() }()
			for waiting := true; waiting; {
				select {
				case <-done:
					waiting = false
				case <-time.After(5 * time.Millisecond):
					if acknowledged == 0 && strings.Contains(errOut.String(), job.StoppingLine) {
						acknowledged = time.Since(start)
						// Again once the first is acknowledged, as a user
						// presses it: two signals sent close together can
						// reach a process the busy kernel has not run in
						// between as one.
						if signals == 2 {
							second = time.Now()
							cmd.Process.Signal(os.Interrupt)
						}
					}
				}
			}
			gone := time.Since(start)
			t.Logf("acknowledged after %v, gone after %v", acknowledged, gone)
			if signals == 1 {
				if acknowledged == 0 || acknowledged > time.Second || gone > 4*time.Second {
					t.Errorf("acknowledged after %v, gone after %v; stderr %q", acknowledged, gone, errOut.String())
				}
				if _, err := readResumeFile(p.path("wide.gob.resume")); err != nil {
					t.Errorf("the resume file: %v", err)
				}
			} else if code := cmd.ProcessState.ExitCode(); second.IsZero() || time.Since(second) > time.Second || code != 130 && code != 1 {
				// 1: the run had saved and ended before the second signal came,
				// which a fast disk and a busy machine can make happen.
				t.Errorf("two signals: gone %v after the second (%v after the first) with exit status %d, want 130 (or 1, done before the second)", time.Since(second), gone, code)
			}
		})
	}
}

// startTraining starts a real rnnsent train with args, to be killed when
// the test ends, and returns once it has read its data and begun.
func startTraining(t *testing.T, p process, args ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd := p.command(args...)
	errOut := &syncBuffer{}
	cmd.Stderr = errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	for !strings.Contains(errOut.String(), "training examples") {
		time.Sleep(20 * time.Millisecond)
	}
	return cmd, errOut
}

// testHangup closes the terminal of a run, as a dropped SSH connection
// does: its default action ended the process at once, with no resume file.
func testHangup(t *testing.T, p process) {
	cmd, errOut := startTraining(t, p, slices.Concat(longRun, []string{"--model", "hup.gob"})...)
	cmd.Process.Signal(syscall.SIGHUP)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(errOut.String(), "resume with: rnnsent train --resume hup.gob.resume") {
		t.Errorf("exit status %d, stderr %q; want 1 and how to resume", code, errOut.String())
	}
	if _, err := readResumeFile(p.path("hup.gob.resume")); err != nil {
		t.Errorf("the resume file: %v", err)
	}
}

// testBrokenPipe closes the reader of a run's --json lines, as "| head -1"
// does: SIGPIPE ended the process at the next line, status 141, without a
// word or a resume file.
func testBrokenPipe(t *testing.T, p process) {
	cmd := p.command(slices.Concat(longRun, []string{"--model", "pipe.gob", "--json"})...)
	errOut := &syncBuffer{}
	cmd.Stderr = errOut
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	out.Close()
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(errOut.String(), "resume with: rnnsent train --resume pipe.gob.resume") {
		t.Errorf("exit status %d (%v), stderr %q; want 1 and how to resume", code, cmd.ProcessState, errOut.String())
	}
	if _, err := readResumeFile(p.path("pipe.gob.resume")); err != nil {
		t.Errorf("the resume file: %v", err)
	}
}

// A run long enough to be interrupted in: 540 training rows in batches of 4.
var longRun = []string{"train", "--data", "train.csv", "--epochs", "12", "--patience", "0", "--batch-size", "4",
	"--hidden", "8", "--embed-dim", "8", "--dropout", "0.2", "--word-dropout", "0.1", "--feature-dropout", "0.3"}

// testInterruptAndResume interrupts longRun with the flags args as the
// first epoch of member ends (of the only network when member is "").
func testInterruptAndResume(t *testing.T, p process, args []string, member string) {
	if errOut, code := p.run(slices.Concat(longRun, args, []string{"--model", "whole.gob", "--quiet"})...); code != 0 {
		t.Fatalf("uninterrupted run: exit status %d, stderr %q", code, errOut)
	}

	// How lines and messages name the member in training.
	signalAt, in, kept := "epoch 1/", "", `epoch \d+`
	if member != "" {
		signalAt, in, kept = member+"  epoch 1/", "in "+member+" ", `\d+ of \d+ members`
	}
	cmd := p.command(slices.Concat(longRun, args, []string{"--model", "model.gob"})...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if strings.HasPrefix(sc.Text(), signalAt) {
			cmd.Process.Signal(os.Interrupt)
		}
	}
	cmd.Wait()
	last := lines[len(lines)-1]
	want := regexp.MustCompile(`^rnnsent: interrupted ` + regexp.QuoteMeta(in) + `at (epoch \d+, batch \d+|the start of epoch \d+); ` +
		`the best model so far \(` + kept + `\) is in model\.gob; resume with: rnnsent train --resume model\.gob\.resume$`)
	if code := cmd.ProcessState.ExitCode(); code != 1 || !want.MatchString(last) {
		t.Fatalf("exit status %d, last line %q; want 1 and a line matching %s", code, last, want)
	}
	t.Log(last)

	errOut, code := p.run("train", "--resume", "model.gob.resume", "--quiet")
	if code != 0 || !strings.HasPrefix(errOut, "resuming model.gob.resume "+in+"at ") {
		t.Fatalf("resumed run: exit status %d, stderr %q", code, errOut)
	}
	p.sameModel("model.gob", "whole.gob")
	if _, err := os.Stat(p.path("model.gob.resume")); !os.IsNotExist(err) {
		t.Errorf("the resume file outlived the run it resumed (%v)", err)
	}
}

func testKillWhileCheckpointing(t *testing.T, p process) {
	// 180 training rows in batches of 8: 23 batches an epoch, each followed
	// by a write of model.gob.resume, and a new best model.gob most epochs.
	// 60 epochs take about a second on a quiet 2-core host: three kills,
	// 150 ms apart at most, land before the run is done (8 epochs, 0.16 s,
	// once let a resumed run finish before the second kill).
	writeFile(t, p.path("train.csv"), manyReviews(200, 2))
	args := []string{"--epochs", "60", "--patience", "0", "--batch-size", "8", "--hidden", "8", "--embed-dim", "8", "--dropout", "0.2", "--quiet"}
	if errOut, code := p.run(append([]string{"train", "--data", "train.csv", "--model", "whole.gob"}, args...)...); code != 0 {
		t.Fatalf("uninterrupted run: exit status %d, stderr %q", code, errOut)
	}

	rng := rand.New(rand.NewPCG(3, 3))
	kills := 0
	for range 10 {
		cmd := p.command(append([]string{"train", "--data", "train.csv", "--model", "model.gob", "--checkpoint-every", "1"}, args...)...)
		if _, err := os.Stat(p.path("model.gob.resume")); err == nil {
			cmd = p.command("train", "--resume", "model.gob.resume", "--checkpoint-every", "1", "--quiet")
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+rng.IntN(130)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		if status := cmd.ProcessState.Sys().(syscall.WaitStatus); !status.Signaled() {
			break // the run ended before the kill
		}
		kills++
		// Whichever files exist load whole: the model as predict loads it,
		// the resume file as train --resume does.
		loaders := map[string]func(string) error{
			"model.gob":        func(path string) error { _, err := predict.Load(path); return err },
			"model.gob.resume": func(path string) error { _, err := readResumeFile(path); return err },
		}
		for name, load := range loaders {
			if _, err := os.Stat(p.path(name)); err == nil {
				if err := load(p.path(name)); err != nil {
					t.Fatalf("after kill %d: %v", kills, err)
				}
			}
		}
	}
	if kills < 3 {
		t.Fatalf("only %d kills landed before the run ended; the run is too short for the test", kills)
	}
	if _, err := os.Stat(p.path("model.gob.resume")); err == nil {
		if errOut, code := p.run("train", "--resume", "model.gob.resume", "--quiet"); code != 0 {
			t.Fatalf("last resumed run: exit status %d, stderr %q", code, errOut)
		}
	}
	t.Logf("%d kills", kills)
	p.sameModel("model.gob", "whole.gob")
}

func testDamagedCheckpoints(t *testing.T, p process) {
	if errOut, code := p.run("train", "--data", "train.csv", "--epochs", "1", "--hidden", "4", "--embed-dim", "4", "--quiet"); code != 0 {
		t.Fatalf("train: exit status %d, stderr %q", code, errOut)
	}
	good, err := os.ReadFile(p.path("model.gob"))
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x10
	huge := p.loadCheckpoint("model.gob")
	huge.Tensors[0].Rows, huge.Tensors[0].Cols = 1_000_000, 1_000_000
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"one byte flipped", flipped, "checkpoint is corrupted: its checksum does not match its contents"},
		{"one byte short", good[:len(good)-1], "checkpoint is truncated"},
		{"a 10^12-element tensor", framedCheckpoint(t, huge.Checkpoint),
			"checkpoint tensor 0 is embedding (1000000×1000000, 384 bytes), want embedding (24×4)"},
	}
	// The kernel counts a child's memory before exec in its peak, and Go
	// starts children sharing the parent's memory, so the peak of a child of
	// this test would include the test's own. GNU time, when there is one,
	// starts the binary from a small process of its own instead.
	gnuTime, _ := exec.LookPath("/usr/bin/time")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeFile(t, p.path("bad.gob"), string(tt.data))
			args := []string{"predict", "--model", "bad.gob", "Not bad!"}
			cmd := p.command(args...)
			if gnuTime != "" {
				cmd = exec.Command(gnuTime, append([]string{"-o", "peak.txt", "-f", "%M", p.bin}, args...)...)
				cmd.Dir = p.dir
			}
			start := time.Now()
			errOut, code := p.runCommand(cmd)
			took := time.Since(start)
			if want := "rnnsent: bad.gob: " + tt.want + "\n"; code != 1 || errOut != want {
				t.Errorf("exit status %d, stderr %q; want 1 and %q", code, errOut, want)
			}
			if took > time.Second {
				t.Errorf("took %v, want under a second", took)
			}
			if gnuTime == "" {
				t.Logf("%v; peak memory not measured without GNU time", took)
				return
			}
			out, _ := os.ReadFile(p.path("peak.txt"))
			fields := strings.Fields(string(out))
			peak, err := strconv.Atoi(fields[len(fields)-1]) // KiB; a line before it may give the exit status
			if err != nil || peak > 50<<10 {
				t.Errorf("peak memory %q KiB, want under 50 MiB", out)
			}
			t.Logf("%v, peak memory %d KiB", took, peak)
		})
	}
}

// framedCheckpoint frames c in the checkpoint format without the checks of
// Checkpoint.Encode, as a crafted file would be: a valid checksum over a
// payload that lies.
func framedCheckpoint(t *testing.T, c *model.Checkpoint) []byte {
	t.Helper()
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(c); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	out.WriteString("RNNSENT\x00")
	endian.Write(&out, endian.BigEndian, uint32(model.FormatVersion))
	endian.Write(&out, endian.BigEndian, uint64(payload.Len()))
	out.Write(payload.Bytes())
	sum := sha256.Sum256(payload.Bytes())
	out.Write(sum[:])
	return out.Bytes()
}
