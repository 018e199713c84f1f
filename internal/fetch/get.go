package fetch

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
)

// Options are the optional inputs of Get.
type Options struct {
	Client *http.Client // nil: http.DefaultClient
	// Progress, when set, is called as the archive arrives with the bytes
	// received so far and the expected total.
	Progress func(done, total int64)
}

// File is a CSV file that Get wrote.
type File struct {
	Path string
	Rows int
}

// ChecksumError is a downloaded archive whose SHA-256 is not the expected
// one.
type ChecksumError struct{ Got, Want string }

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("checksum mismatch: got %s, want %s; the download may be damaged, try again",
		abbrev(e.Got), abbrev(e.Want))
}

// abbrev shortens a hex digest to its first 12 digits, enough to tell two
// apart at a glance.
func abbrev(digest string) string {
	if len(digest) <= 12 {
		return digest
	}
	return digest[:12] + "…"
}

// Get downloads d, checks its checksum, converts it and writes train.csv,
// dev.csv and test.csv into dir, which it creates if need be. Every error
// starts with d.Name; after one, no file or folder made by this call is
// left.
func Get(ctx context.Context, d Dataset, dir string, opt Options) (files []File, err error) {
	created, err := mkdirAll(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Name, err)
	}
	defer func() {
		if err == nil {
			return
		}
		for _, f := range files {
			os.Remove(f.Path)
		}
		files = nil
		// Deepest first; a folder that is not empty stays, as it should.
		for _, dir := range created {
			os.Remove(dir)
		}
		err = fmt.Errorf("%s: %w", d.Name, err)
	}()
	archive, err := download(ctx, d, dir, opt)
	if err != nil {
		return nil, err
	}
	defer os.Remove(archive)
	splits, err := d.convert(archive)
	if err != nil {
		return nil, err
	}
	for _, out := range []struct {
		name string
		rows []Row
	}{{"train.csv", splits.Train}, {"dev.csv", splits.Dev}, {"test.csv", splits.Test}} {
		path := filepath.Join(dir, out.name)
		if err := writeCSV(path, out.rows); err != nil {
			return files, err
		}
		files = append(files, File{path, len(out.rows)})
	}
	return files, nil
}

// mkdirAll creates dir and its missing parents and returns those it
// created, deepest first, so that a failed run can take them away again.
func mkdirAll(dir string) ([]string, error) {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); !errors.Is(err, fs.ErrNotExist) {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return missing, nil
}

// download fetches d into a temporary file in dir and returns its path once
// its SHA-256 matches; on any error the file is gone.
func download(ctx context.Context, d Dataset, dir string, opt Options) (path string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.URL, nil)
	if err != nil {
		return "", err
	}
	resp, err := cmp.Or(opt.Client, http.DefaultClient).Do(req)
	if err != nil {
		return "", downloadError(ctx, d, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("download from %s: %s", d.URL, resp.Status)
	}
	f, err := os.CreateTemp(dir, "."+d.archiveName()+".download-*")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close() // may be closed already; the error that matters is err
			os.Remove(f.Name())
		}
	}()
	h := sha256.New()
	dst := io.MultiWriter(f, h)
	if opt.Progress != nil {
		total := resp.ContentLength
		if total <= 0 {
			total = d.Size
		}
		dst = io.MultiWriter(dst, &progress{report: opt.Progress, total: total})
	}
	if _, err := io.Copy(dst, resp.Body); err != nil {
		return "", downloadError(ctx, d, err)
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != d.SHA256 {
		return "", &ChecksumError{Got: got, Want: d.SHA256}
	}
	return f.Name(), nil
}

// downloadError says what went wrong with a request, without the method and
// address that *url.Error repeats.
func downloadError(ctx context.Context, d Dataset, err error) error {
	if ctx.Err() != nil {
		return errors.New("download interrupted; nothing was written")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("download from %s: %w", d.URL, err)
}

// progress counts the bytes written through it and reports them.
type progress struct {
	report      func(done, total int64)
	done, total int64
}

func (p *progress) Write(b []byte) (int, error) {
	p.done += int64(len(b))
	p.report(p.done, p.total)
	return len(b), nil
}

func writeCSV(path string, rows []Row) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"text", "label"})
		for _, r := range rows {
			cw.Write([]string{r.Text, r.Label})
		}
		cw.Flush()
		return cw.Error()
	})
}
