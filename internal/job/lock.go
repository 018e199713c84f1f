package job

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
	"github.com/rnnsent/rnnsent/internal/fileerr"
)

// LockSuffix ends the name of the lock file a run holds beside its model:
// two runs writing one model would each believe their model was saved.
const LockSuffix = ".lock"

// ErrLocked is the error of a run whose model another run is writing.
type ErrLocked struct {
	Model string
	Lock  string // the lock file the other run holds
	PID   int    // the other run's process; 0 when its lock file does not say
}

func (e *ErrLocked) Error() string {
	if e.PID == 0 {
		return fmt.Sprintf("%s is being written by another training run (it holds %s)", e.Model, e.Lock)
	}
	return fmt.Sprintf("%s is being written by another training run, process %d (it holds %s)", e.Model, e.PID, e.Lock)
}

// lockPath is the lock file of the run writing model: beside the file the
// model's symbolic links lead to, which the run replaces, so that a run
// through a link and one on the file itself take the same lock.
func lockPath(model string) string { return atomicfile.Target(model) + LockSuffix }

// lock is an exclusive flock on MODEL.lock, which holds the owner's
// process id for the message of whoever finds it taken.
type lock struct {
	f    *os.File
	path string
	once sync.Once
}

// lockModel takes the lock of the run writing model, or says who holds it.
func lockModel(model string) (*lock, error) {
	path := lockPath(model)
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("cannot lock %s: %w", model, fileerr.Wrap(path, err))
		}
		if busy, err := lockFile(f); busy || err != nil {
			f.Close()
			if busy {
				return nil, &ErrLocked{Model: model, Lock: path, PID: lockOwner(path)}
			}
			return nil, fmt.Errorf("cannot lock %s: %w", model, err)
		}
		// The previous owner removes the file as it lets go; a lock on a
		// file no longer at path locks nothing, so take the new one.
		if same(f, path) {
			f.Truncate(0)
			f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
			return &lock{f: f, path: path}, nil
		}
		f.Close()
	}
}

func same(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

func lockOwner(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// release removes the lock file and lets go of it, once however often it
// is called; a nil lock is released.
func (l *lock) release() {
	if l == nil {
		return
	}
	l.once.Do(func() {
		os.Remove(l.path)
		l.f.Close()
	})
}
