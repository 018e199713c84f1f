package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Error is a failure to write Path.
type Error struct {
	Path string
	Msg  string
	Err  error
}

// Error returns "cannot write PATH: MSG".
func (e *Error) Error() string { return "cannot write " + e.Path + ": " + e.Msg }

func (e *Error) Unwrap() error { return e.Err }

// Write replaces the file at path with what write produces. The data goes to
// a temporary file in the same directory, which is synced and then renamed
// over path; the rename is atomic only within one file system, hence the
// same directory. On any error the temporary file is removed and path keeps
// its old contents. A symbolic link at path is followed: its target is
// replaced and the link stays. The new file keeps the mode of the file it
// replaces, 0644 for a new one.
func Write(path string, write func(io.Writer) error) error {
	p, err := Prepare(path, write)
	if err != nil {
		return err
	}
	return p.Commit()
}

// Pending is a file written in full and synced beside the one it is to
// replace.
type Pending struct{ path, tmp, target string }

// Prepare does what Write does but the rename, which Commit does, so that
// files written together can all be ready before any replaces its old one:
// a full disk then leaves every old one as it was. On an error nothing is
// left.
func Prepare(path string, write func(io.Writer) error) (p *Pending, err error) {
	target, mode, err := resolve(path)
	if err != nil {
		return nil, &Error{Path: path, Msg: err.Error(), Err: err}
	}
	// The rename would fail only after the whole file is written, saying
	// "file exists" of a folder that is not empty.
	if err := checkTarget(path, target); err != nil {
		return nil, err
	}
	dir := filepath.Dir(target)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, newError(path, dir, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close() // may already be closed; the error that matters is err
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		// A full disk shows here, as the temporary file's write error.
		return nil, newError(path, dir, err)
	}
	steps := []func() error{
		bw.Flush,
		f.Sync,
		f.Close,
		// CreateTemp makes the file 0600.
		func() error { return os.Chmod(tmp, mode) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, newError(path, dir, err)
		}
	}
	return &Pending{path: path, tmp: tmp, target: target}, nil
}

// Commit renames the file over the one it replaces. On an error the
// temporary file is removed.
func (p *Pending) Commit() error {
	dir := filepath.Dir(p.target)
	if err := os.Rename(p.tmp, p.target); err != nil {
		p.Discard()
		return newError(p.path, dir, err)
	}
	// The rename lives in the directory: without this a crash could still
	// lose it.
	if err := syncDir(dir); err != nil {
		return newError(p.path, dir, err)
	}
	return nil
}

// Discard removes the file of a Pending that is not to be committed; after
// Commit it does nothing.
func (p *Pending) Discard() { os.Remove(p.tmp) }

// Target is the file a Write to path replaces: path with its symbolic
// links followed, whether or not the file they end at exists yet; path
// itself when they cannot be followed.
func Target(path string) string {
	target, _, err := resolve(path)
	if err != nil {
		return path
	}
	return target
}

// resolve returns the file a write to path replaces, following symbolic
// links, and the mode the new file takes: the old one's, or 0644 (a model
// is meant to be shared) when there is none.
func resolve(path string) (target string, mode fs.FileMode, err error) {
	target, mode = path, 0o644
	for range 40 { // as many links as Linux follows
		info, err := os.Lstat(target)
		if err != nil {
			// Nothing there yet, or a path that cannot be: the write
			// itself says why, in the directory's terms.
			return target, mode, nil
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			return target, info.Mode().Perm(), nil
		}
		link, err := os.Readlink(target)
		if err != nil {
			return "", 0, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(target), link)
		}
		target = link
	}
	return "", 0, errors.New("too many levels of symbolic links")
}

// CheckWritable reports whether Write(path, ...) can succeed as far as can be
// told in advance: path is a regular file or nothing yet, and a file can be
// created beside it. Long jobs call it first so that they do not fail at
// the end.
func CheckWritable(path string) error {
	target, _, err := resolve(path)
	if err != nil {
		return &Error{Path: path, Msg: err.Error(), Err: err}
	}
	if err := checkTarget(path, target); err != nil {
		return err
	}
	dir := filepath.Dir(target)
	f, err := os.CreateTemp(dir, "."+filepath.Base(target)+".probe-*")
	if err != nil {
		return newError(path, dir, err)
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return newError(path, dir, err)
	}
	return nil
}

// MkdirAll makes dir and its missing parents for files to be written in,
// and says why it cannot as a failed write into dir would, naming the
// folder where it failed rather than mkdir.
func MkdirAll(dir string) error {
	err := os.MkdirAll(dir, 0o755)
	if err == nil {
		return nil
	}
	// The folder that could not be made, or a file in the way.
	where := dir
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		where = pe.Path
	}
	if !isNotDir(where) {
		where = filepath.Dir(where)
	}
	return newError(dir, where, err)
}

// checkTarget refuses a target, the file that writing path replaces, that
// is not a regular file or nothing yet, or that the rename may not replace.
func checkTarget(path, target string) error {
	info, err := os.Stat(target)
	switch {
	case err != nil:
		return nil
	case info.IsDir():
		return &Error{Path: path, Msg: "it is a directory"}
	case !info.Mode().IsRegular():
		// Such as /dev/null: the rename would replace the device itself.
		return &Error{Path: path, Msg: "it is not a regular file"}
	case stickyKeeps(target, info, os.Geteuid()):
		return &Error{Path: path, Msg: fmt.Sprintf("it is another user's, in %q, a folder where only a file's owner may replace it", filepath.Dir(target))}
	}
	return nil
}

// stickyKeeps reports whether the kernel keeps a process of user euid from
// renaming over target: its folder has the sticky bit, as /tmp does, and
// neither the folder nor target is the user's. A file can still be created
// there, so the probe of CheckWritable passes, and the rename would fail
// only once the work is done.
func stickyKeeps(target string, info fs.FileInfo, euid int) bool {
	if euid <= 0 { // root may; -1 where there are no user ids
		return false
	}
	d, err := os.Stat(filepath.Dir(target))
	if err != nil || d.Mode()&fs.ModeSticky == 0 {
		return false
	}
	fileOwner, ok := owner(info)
	dirOwner, dirOK := owner(d)
	return ok && dirOK && fileOwner != euid && dirOwner != euid
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// newError explains a failure in dir in terms of path, without the name of
// the temporary file, which means nothing to the user.
func newError(path, dir string, err error) error {
	msg := err.Error()
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		msg = pe.Err.Error()
	case errors.As(err, &le):
		msg = le.Err.Error()
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		msg = fmt.Sprintf("directory %q does not exist", dir)
	case errors.Is(err, fs.ErrPermission):
		msg = fmt.Sprintf("permission denied in directory %q", dir)
	case isNotDir(dir):
		msg = fmt.Sprintf("%q is not a directory", dir)
	}
	return &Error{Path: path, Msg: msg, Err: err}
}

func isNotDir(dir string) bool {
	info, err := os.Stat(dir)
	return err == nil && !info.IsDir()
}

// Replaces reports whether writing path would replace the file other
// names: the same file by any spelling, through links, or, while neither
// exists yet, the same name.
func Replaces(path, other string) bool {
	if path == "" || other == "" {
		return false
	}
	a, errA := os.Stat(path)
	b, errB := os.Stat(other)
	if errA == nil && errB == nil {
		return os.SameFile(a, b)
	}
	target, _, err := resolve(path)
	if err != nil {
		return false
	}
	otherTarget, _, err := resolve(other)
	if err != nil {
		return false
	}
	x, errX := filepath.Abs(target)
	y, errY := filepath.Abs(otherTarget)
	return errX == nil && errY == nil && x == y
}
