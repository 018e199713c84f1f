package job

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestResumeRefusesWhatIsNotAResumeFile(t *testing.T) {
	dir := t.TempDir()
	copyTo := func(src, name string) string {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	old := copyTo("../model/testdata/v2-2026-11-run.resume", "old.gob.resume")
	finished := copyTo("../model/testdata/v1-2026-11-lstm-record.ckpt", "done.gob.resume")
	text := filepath.Join(dir, "notes.gob.resume")
	os.WriteFile(text, []byte("text,label\n"), 0o644)
	missing := filepath.Join(dir, "gone.gob.resume")
	tests := []struct {
		name, path, want string
	}{
		{"an earlier rnnsent's resume file", old, old + ": " + ErrOldResumeFile.Error()},
		{"a finished model", finished, finished + ": a finished model, not the state of an interrupted run"},
		{"text", text, text + ": " + ErrNotResumeFile.Error()},
		{"missing", missing, missing + ": no such file; an interrupted run leaves it beside its model"},
		{"no .resume suffix", finished[:len(finished)-len(ResumeSuffix)], finished[:len(finished)-len(ResumeSuffix)] + ": a resume file's name ends in .resume"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resume(context.Background(), tt.path, 0, 0, Hooks{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
