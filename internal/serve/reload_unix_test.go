//go:build unix

package serve

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rnnsent/rnnsent/internal/builtin"
)

// TestStopDoesNotWaitForAReloadThatBlocks checks that a server told to
// stop stops while a reload is stuck reading a model file. A reload now
// refuses a named pipe at once (TestReloadOfANamedPipeFailsAndTheNextGoesOn),
// so the pipe here no longer holds it; a file system that hangs still would.
func TestStopDoesNotWaitForAReloadThatBlocks(t *testing.T) {
	for _, tt := range []struct {
		name  string
		block func(path string) error // turns the model file into one whose reading blocks
	}{
		{"a named pipe no one writes to", func(path string) error {
			if err := os.Remove(path); err != nil {
				return err
			}
			return syscall.Mkfifo(path, 0o644)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.gob")
			if err := os.WriteFile(path, builtin.Checkpoint, 0o644); err != nil {
				t.Fatal(err)
			}
			r := startServer(t, Config{Models: []Model{{Name: "m", Path: path}}})
			if err := tt.block(path); err != nil {
				t.Fatal(err)
			}
			// Opening the pipe to write lets a blocked reload go on and
			// fail, so that nothing is left waiting after the test; with
			// none reading it, the open fails at once.
			defer func() {
				if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					f.Close()
				}
			}()
			r.reload <- struct{}{}
			time.Sleep(50 * time.Millisecond) // the reload is under way
			r.stop()
			select {
			case err := <-r.done:
				r.done <- err // for startServer's cleanup
				if err != nil {
					t.Errorf("Serve: %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Error("still serving 5 s after being told to stop")
			}
		})
	}
}

// TestStopWhileLoadingAtStart: a model file that is a named pipe no one
// writes to held New, which did not watch for Ctrl-C, so that serve took
// a second one to stop (status 130).
func TestStopWhileLoadingAtStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.gob")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	// Opening the pipe to write lets the blocked load go on and fail.
	defer func() {
		if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
			f.Close()
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() {
		_, err := New(ctx, Config{Models: []Model{{Name: "m", Path: path}}}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		done <- err
	}()
	select {
	case err := <-done:
		if err != ErrNotStarted {
			t.Errorf("New = %v, want %v", err, ErrNotStarted)
		}
	case <-time.After(5 * time.Second):
		t.Error("still loading 5 s after being told to stop")
	}
}

// TestReloadOfANamedPipeFailsAndTheNextGoesOn: a model file replaced by a
// named pipe no one writes to held its reload for good, and every reload
// after it, which take turns, without a word in the log.
func TestReloadOfANamedPipeFailsAndTheNextGoesOn(t *testing.T) {
	dir := t.TempDir()
	path, pipe, held := filepath.Join(dir, "m.gob"), filepath.Join(dir, "pipe"), filepath.Join(dir, "held")
	if err := os.WriteFile(path, tinyModel(t, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	r := startServer(t, Config{Models: []Model{{Name: "m", Path: path}}})
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	// A second name for the pipe, to open it to write once the model's
	// name is a file again: that lets a reload blocked on it go on.
	if err := os.Link(pipe, held); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if f, err := os.OpenFile(held, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	}()
	waitLog := func(want string) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if strings.Contains(r.log.String(), want) {
				return
			}
		}
		t.Fatalf("the log has no %q after 5 s:\n%s", want, r.log.String())
	}
	for _, step := range []struct {
		file, want string
	}{
		{pipe, "a named pipe, not a file a reload can read the model from again"},
		{filepath.Join(dir, "new.gob"), `msg="model reloaded" model=m file=` + path + ` classes="[bad good]"`},
	} {
		if step.file != pipe {
			if err := os.WriteFile(step.file, tinyModelOf(t, 2, []string{"bad", "good"}), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Rename(step.file, path); err != nil {
			t.Fatal(err)
		}
		r.reload <- struct{}{}
		waitLog(step.want)
	}
}
