package job

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestLockSaysWhyNot takes the lock of a model whose lock file cannot be
// opened: the message was Go's, "open m.gob.lock: ...".
func TestLockSaysWhyNot(t *testing.T) {
	tests := []struct {
		name  string
		fault func(lockPath string) error
		want  string // after "cannot lock MODEL: MODEL.lock: "
	}{
		{"a directory in its place", func(p string) error { return os.MkdirAll(p, 0o755) }, "is a directory"},
		{"its folder replaced by a file", func(p string) error { return os.WriteFile(filepath.Dir(p), nil, 0o644) }, "not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			model := filepath.Join(t.TempDir(), "models", "m.gob")
			if err := tt.fault(model + LockSuffix); err != nil {
				t.Fatal(err)
			}
			l, err := lockModel(model)
			l.release()
			if want := "cannot lock " + model + ": " + model + LockSuffix + ": " + tt.want; err == nil || err.Error() != want {
				t.Errorf("lockModel = %v, want %q", err, want)
			}
		})
	}
}

// TestLockIsTheFileTheLinksLeadTo: a run on a model through a symbolic
// link took the link's lock, so it trained beside a run on the file itself
// and both replaced it, each believing its model saved.
func TestLockIsTheFileTheLinksLeadTo(t *testing.T) {
	dir := t.TempDir()
	model, link := filepath.Join(dir, "models", "real.gob"), filepath.Join(dir, "link.gob")
	if err := errors.Join(os.Mkdir(filepath.Dir(model), 0o755), os.Symlink(filepath.Join("models", "real.gob"), link)); err != nil {
		t.Fatal(err)
	}
	first, err := lockModel(model)
	if err != nil {
		t.Fatal(err)
	}
	defer first.release()
	second, err := lockModel(link)
	second.release()
	want := fmt.Sprintf("%s is being written by another training run, process %d (it holds %s.lock)", link, os.Getpid(), model)
	if err == nil || err.Error() != want {
		t.Errorf("lockModel through the link = %v, want %q", err, want)
	}
}
