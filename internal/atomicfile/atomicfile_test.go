package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// entries lists the names in dir, so a test can see stray temporary files.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// readOnlyDir returns a directory this process cannot create files in, or
// skips the test when that cannot be arranged (root ignores permissions).
func readOnlyDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	probe := filepath.Join(dir, "probe")
	if f, err := os.Create(probe); err == nil {
		f.Close()
		os.Remove(probe)
		t.Skip("permissions are not enforced for this user (running as root?)")
	}
	return dir
}

func TestWriteCreatesAndReplacesFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.gob")
	for _, want := range []string{"first", "second, longer than the first"} {
		if err := Write(path, writeString(want)); err != nil {
			t.Fatalf("Write: %v", err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("file holds %q, want %q", got, want)
		}
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := info.Mode().Perm(), os.FileMode(0o644); got != want {
		t.Errorf("mode %v, want %v", got, want)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("directory holds %q, want only model.gob", got)
	}
}

func TestWriteFailingMidwayKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.gob")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk on fire")
	err := Write(path, func(w io.Writer) error {
		// More than bufio's buffer, so part of it reaches the temporary file.
		w.Write(make([]byte, 10000))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("error %v does not wrap the writer's error", err)
	}
	if want := "cannot write " + path + ": disk on fire"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "old" {
		t.Errorf("file holds %q, want the old contents", got)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("directory holds %q, want only model.gob", got)
	}
}

func TestWriteOnFullDiskKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.gob")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// What a write to the temporary file returns when the disk is full.
	full := func(w io.Writer) error {
		w.Write(make([]byte, 10000))
		return &fs.PathError{Op: "write", Path: filepath.Join(dir, ".model.gob.tmp-123"), Err: syscall.ENOSPC}
	}
	err := Write(path, full)
	if want := "cannot write " + path + ": no space left on device"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("error %v does not wrap ENOSPC", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("file holds %q, want the old contents", got)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("directory holds %q, want only model.gob", got)
	}
}

func TestWriteIntoReadOnlyDirectoryFails(t *testing.T) {
	dir := readOnlyDir(t)
	path := filepath.Join(dir, "model.gob")
	err := Write(path, writeString("x"))
	want := fmt.Sprintf("cannot write %s: permission denied in directory %q", path, dir)
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("directory holds %q, want nothing", got)
	}
}

func TestCheckWritableSaysWhyNot(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		want string // error message; "" for none
	}{
		{"new file in an existing directory", filepath.Join(dir, "model.gob"), ""},
		{"existing file", file, ""},
		{"directory that does not exist", filepath.Join(dir, "nope", "model.gob"),
			fmt.Sprintf("cannot write %s/nope/model.gob: directory %q does not exist", dir, dir+"/nope")},
		{"path that is a directory", dir, fmt.Sprintf("cannot write %s: it is a directory", dir)},
		{"device", os.DevNull, fmt.Sprintf("cannot write %s: it is not a regular file", os.DevNull)},
		{"parent that is a file", filepath.Join(file, "model.gob"),
			fmt.Sprintf("cannot write %s/model.gob: %q is not a directory", file, file)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckWritable(tt.path)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("CheckWritable(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("directory holds %q after the checks, want only file", got)
	}
}

// TestWriteSaysWhyNot writes where something other than a file is: the
// rename after the whole file was written failed with "file exists" for a
// folder that is not empty, and replaced a named pipe.
func TestWriteSaysWhyNot(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full")
	if err := os.MkdirAll(filepath.Join(full, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path, want string }{
		{"a directory that is not empty", full, "it is a directory"},
		{"an empty directory", empty, "it is a directory"},
		{"a named pipe", fifo, "it is not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Write(tt.path, func(w io.Writer) error { _, err := io.WriteString(w, "data"); return err })
			if want := "cannot write " + tt.path + ": " + tt.want; err == nil || err.Error() != want {
				t.Errorf("Write = %v, want %q", err, want)
			}
			if info, err := os.Lstat(tt.path); err != nil || info.Mode().IsRegular() {
				t.Errorf("%s was replaced (%v)", tt.path, err)
			}
		})
	}
	if got := entries(t, dir); len(got) != 3 {
		t.Errorf("directory holds %q after the writes, want what was there", got)
	}
}

// TestStickyFolderKeepsAnotherUsersFile: in a folder with the sticky bit,
// as /tmp, a user could create the probe of CheckWritable but not rename
// over another user's file, so train ran to the end before it failed.
func TestStickyFolderKeepsAnotherUsersFile(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("making files of other users needs root")
	}
	const me, other, folderOwner = 1001, 1002, 1003
	tests := []struct {
		name            string
		sticky          bool
		fileUID, dirUID int
		euid            int
		want            bool
	}{
		{"another user's file in another user's sticky folder", true, other, folderOwner, me, true},
		{"my file there", true, me, folderOwner, me, false},
		{"another user's file in my sticky folder", true, other, me, me, false},
		{"another user's file in a folder without the sticky bit", false, other, folderOwner, me, false},
		{"root", true, other, folderOwner, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "shared")
			mode := fs.FileMode(0o777)
			if tt.sticky {
				mode |= fs.ModeSticky
			}
			file := filepath.Join(dir, "model.gob")
			err := errors.Join(os.Mkdir(dir, 0o755), os.Chmod(dir, mode), os.Chown(dir, tt.dirUID, tt.dirUID),
				os.WriteFile(file, nil, 0o666), os.Chown(file, tt.fileUID, tt.fileUID))
			if err != nil {
				t.Fatal(err)
			}
			info, err := os.Stat(file)
			if err != nil {
				t.Fatal(err)
			}
			if got := stickyKeeps(file, info, tt.euid); got != tt.want {
				t.Errorf("stickyKeeps = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckWritableRejectsReadOnlyDirectory(t *testing.T) {
	dir := readOnlyDir(t)
	path := filepath.Join(dir, "model.gob")
	want := fmt.Sprintf("cannot write %s: permission denied in directory %q", path, dir)
	if err := CheckWritable(path); err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestWriteKeepsLinksAndModes replaces files the way a user's setup has
// them: a symbolic link stays a link to the file it names, and a file
// readable by its owner alone stays so.
func TestWriteKeepsLinksAndModes(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(t *testing.T, dir string) (path, target string)
		wantMode fs.FileMode
	}{
		{"a new file", func(t *testing.T, dir string) (string, string) {
			p := filepath.Join(dir, "new.gob")
			return p, p
		}, 0o644},
		{"a private file", func(t *testing.T, dir string) (string, string) {
			p := filepath.Join(dir, "private.gob")
			mustWrite(t, p, "old", 0o600)
			return p, p
		}, 0o600},
		{"a link to a file", func(t *testing.T, dir string) (string, string) {
			target := filepath.Join(dir, "models", "real.gob")
			os.Mkdir(filepath.Dir(target), 0o755)
			mustWrite(t, target, "old", 0o640)
			link := filepath.Join(dir, "link.gob")
			if err := os.Symlink("models/real.gob", link); err != nil {
				t.Fatal(err)
			}
			return link, target
		}, 0o640},
		{"a link to nothing yet", func(t *testing.T, dir string) (string, string) {
			link := filepath.Join(dir, "dangling.gob")
			if err := os.Symlink("later.gob", link); err != nil {
				t.Fatal(err)
			}
			return link, filepath.Join(dir, "later.gob")
		}, 0o644},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, target := tt.setup(t, t.TempDir())
			if err := CheckWritable(path); err != nil {
				t.Fatal(err)
			}
			if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
				t.Fatal(err)
			}
			if got, err := os.ReadFile(target); err != nil || string(got) != "new" {
				t.Fatalf("%s holds %q (%v), want the new contents", target, got, err)
			}
			info, err := os.Stat(target)
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != tt.wantMode {
				t.Errorf("mode %v, want %v", info.Mode().Perm(), tt.wantMode)
			}
			if path != target {
				if l, err := os.Lstat(path); err != nil || l.Mode()&fs.ModeSymlink == 0 {
					t.Errorf("%s is no longer a link (%v)", path, err)
				}
			}
		})
	}
}

func mustWrite(t *testing.T, path, content string, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func TestReplaces(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	mustWrite(t, "data.csv", "text,label\n", 0o644)
	os.Symlink("data.csv", "link.csv")
	os.Link("data.csv", "hard.csv")
	mustWrite(t, "other.csv", "text,label\n", 0o644)
	tests := []struct {
		name, path, other string
		want              bool
	}{
		{"same name", "data.csv", "data.csv", true},
		{"another spelling", "./data.csv", filepath.Join(dir, "data.csv"), true},
		{"a symbolic link", "link.csv", "data.csv", true},
		{"a hard link", "hard.csv", "data.csv", true},
		{"another file", "other.csv", "data.csv", false},
		{"neither exists, same name", "new.gob", "./new.gob", true},
		{"neither exists, other names", "a.gob", "b.gob", false},
		{"nothing to compare", "data.csv", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Replaces(tt.path, tt.other); got != tt.want {
				t.Errorf("Replaces(%q, %q) = %v, want %v", tt.path, tt.other, got, tt.want)
			}
		})
	}
}

// TestMkdirAllSaysWhyNot: data get told a folder it could not make in
// mkdir's words, "mkdir ro/uci: permission denied", unlike every write.
func TestMkdirAllSaysWhyNot(t *testing.T) {
	dir := readOnlyDir(t)
	want := fmt.Sprintf("cannot write %s/data/uci: permission denied in directory %q", dir, dir)
	if err := MkdirAll(filepath.Join(dir, "data", "uci")); err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}
