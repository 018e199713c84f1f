package job

import (
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
