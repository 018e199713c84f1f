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
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
)

// Options are the optional inputs of Get.
type Options struct {
	// Client makes the request; nil for one with the Timeouts below.
	Client *http.Client
	// Started, when set, is called once the folder is ready, before the
	// request: a folder that cannot be made fails before anything is said
	// to be downloading.
	Started func()
	// Progress, when set, is called as the archive arrives with the bytes
	// received so far and the expected total.
	Progress func(done, total int64)
	// Timeouts bound the waits of a download; zero fields take the
	// defaults. A transfer that keeps making progress may take as long as
	// it needs.
	Timeouts Timeouts
	// commit replaces a file with its new content: (*Pending).Commit, but
	// for the tests of a replacement that fails.
	commit func(*atomicfile.Pending) error
}

// Timeouts are how long a download waits for each thing before it gives up.
type Timeouts struct {
	Connect time.Duration // for the connection, TLS included
	Answer  time.Duration // for the response's headers once the request is sent
	Stall   time.Duration // for the next bytes of the body
}

// DefaultTimeouts are generous for a slow line and short enough that a
// dead server is noticed before the user gives up.
var DefaultTimeouts = Timeouts{Connect: 30 * time.Second, Answer: 60 * time.Second, Stall: 60 * time.Second}

func (t Timeouts) orDefaults() Timeouts {
	return Timeouts{
		Connect: cmp.Or(t.Connect, DefaultTimeouts.Connect),
		Answer:  cmp.Or(t.Answer, DefaultTimeouts.Answer),
		Stall:   cmp.Or(t.Stall, DefaultTimeouts.Stall),
	}
}

// client is an HTTP client that gives up on a connection or an answer
// after the timeouts.
func (t Timeouts) client() *http.Client {
	dialer := &net.Dialer{Timeout: t.Connect}
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   t.Connect,
		ResponseHeaderTimeout: t.Answer,
	}}
}

// errStalled is the cause of a download cancelled for want of bytes.
var errStalled = errors.New("stalled")

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
// left, but for a file that replaced an earlier download's before a later
// one failed (see writeSplits).
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
	// Fail now, not after a download of 84 MB.
	for _, name := range outputs {
		if err := atomicfile.CheckWritable(filepath.Join(dir, name)); err != nil {
			return nil, err
		}
	}
	if opt.Started != nil {
		opt.Started()
	}
	archive, err := download(ctx, d, dir, opt)
	if err != nil {
		return nil, err
	}
	defer os.Remove(archive)
	splits, err := d.convert(archive)
	if err != nil {
		return nil, err
	}
	if opt.commit == nil {
		opt.commit = (*atomicfile.Pending).Commit
	}
	return writeSplits(dir, splits, opt.commit)
}

// outputs are the files Get writes, of the train, dev and test splits.
var outputs = []string{"train.csv", "dev.csv", "test.csv"}

// writeSplits writes train.csv, dev.csv and test.csv into dir, each in full
// before commit replaces the file before it, so that a failure (a full disk)
// leaves the files of an earlier download as they were. A file replaced
// before a later one fails stays, whole, and the error says so: removing it
// would lose the earlier download's file too.
func writeSplits(dir string, s Splits, commit func(*atomicfile.Pending) error) (files []File, err error) {
	var pending []*atomicfile.Pending
	defer func() {
		if err != nil {
			for _, p := range pending {
				p.Discard()
			}
		}
	}()
	for i, rows := range [][]Row{s.Train, s.Dev, s.Test} {
		path := filepath.Join(dir, outputs[i])
		p, err := atomicfile.Prepare(path, csvRows(rows))
		if err != nil {
			return nil, err
		}
		pending = append(pending, p)
		files = append(files, File{path, len(rows)})
	}
	for i, p := range pending {
		if err := commit(p); err != nil {
			if i > 0 {
				err = fmt.Errorf("%w; %s written before it, in full, the other files as they were", err, strings.Join(outputs[:i], " and "))
			}
			return nil, err
		}
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
	if err := atomicfile.MkdirAll(dir); err != nil {
		return nil, err
	}
	return missing, nil
}

// download fetches d into a temporary file in dir and returns its path once
// its SHA-256 matches; on any error the file is gone.
func download(ctx context.Context, d Dataset, dir string, opt Options) (path string, err error) {
	timeouts := opt.Timeouts.orDefaults()
	// The body's reads are watched apart from the caller's context, so that
	// a stall is told from an interruption.
	watched, stall := context.WithCancelCause(ctx)
	defer stall(nil)
	req, err := http.NewRequestWithContext(watched, http.MethodGet, d.URL, nil)
	if err != nil {
		return "", err
	}
	resp, err := opt.client(timeouts).Do(req)
	if err != nil {
		return "", downloadError(ctx, d, timeouts, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("download from %s: %s", d.Address(), resp.Status)
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
	dst := opt.sink(io.MultiWriter(f, h), resp.ContentLength, d.Size)
	body := &watchdog{r: resp.Body, timer: time.AfterFunc(timeouts.Stall, func() { stall(errStalled) }), every: timeouts.Stall}
	defer body.timer.Stop()
	// The archive's size is known: a server that sends more, a wrong
	// mirror or an endless stream, would otherwise fill the disk (3 GB in
	// 5 s over loopback) before the checksum could say so.
	n, err := io.Copy(dst, io.LimitReader(body, d.Size+1))
	if pe, ok := errors.AsType[*fs.PathError](err); ok && pe.Path == f.Name() {
		// The disk's fault; the temporary file's name means nothing.
		return "", fmt.Errorf("cannot write %s: %w", dir, pe.Err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) && ctx.Err() == nil {
		return "", fmt.Errorf("download from %s: the connection closed after %d of the %d bytes of the archive; try again", d.Address(), n, d.Size)
	}
	if err != nil {
		if context.Cause(watched) == errStalled {
			err = errStalled
		}
		return "", downloadError(ctx, d, timeouts, err)
	}
	// Too little, told as a checksum mismatch, read as damage that trying
	// again would mend, where a mirror serving another file never will.
	if n != d.Size {
		sent := fmt.Sprintf("%d of the", n)
		if n > d.Size {
			sent = "more than the"
		}
		return "", fmt.Errorf("download from %s: the server sent %s %d bytes of the archive; the download may be damaged, or the mirror wrong", d.Address(), sent, d.Size)
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != d.SHA256 {
		return "", &ChecksumError{Got: got, Want: d.SHA256}
	}
	return f.Name(), nil
}

// client is the client that makes the request: Client, or one that gives
// up after t.
func (opt Options) client(t Timeouts) *http.Client {
	if opt.Client != nil {
		return opt.Client
	}
	return t.client()
}

// sink is where the archive goes: dst, and the Progress report when there
// is one, of a total that the server's length gives, or the expected size.
func (opt Options) sink(dst io.Writer, length, size int64) io.Writer {
	if opt.Progress == nil {
		return dst
	}
	if length <= 0 {
		length = size
	}
	return io.MultiWriter(dst, &progress{report: opt.Progress, total: length})
}

// downloadError says what went wrong with a request, without the method and
// address that *url.Error repeats, and with the wait that ran out.
func downloadError(ctx context.Context, d Dataset, t Timeouts, err error) error {
	if ctx.Err() != nil {
		return errors.New("download interrupted; nothing was written")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	var oe *net.OpError
	switch {
	case err == errStalled:
		return fmt.Errorf("download from %s: no data for %v; the server stopped sending", d.Address(), t.Stall)
	case errors.As(err, &oe) && oe.Op == "dial" && oe.Timeout():
		return fmt.Errorf("download from %s: no connection within %v", d.Address(), t.Connect)
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("download from %s: no answer within %v", d.Address(), t.Answer)
	}
	return fmt.Errorf("download from %s: %w", d.Address(), err)
}

// watchdog is a body whose reads must bring bytes every so often: each
// read that does puts the timer back.
type watchdog struct {
	r     io.Reader
	timer *time.Timer
	every time.Duration
}

func (w *watchdog) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if n > 0 {
		w.timer.Reset(w.every)
	}
	return n, err
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

// csvRows writes rows as CSV with a header.
func csvRows(rows []Row) func(io.Writer) error {
	return func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"text", "label"})
		for _, r := range rows {
			cw.Write([]string{r.Text, r.Label})
		}
		cw.Flush()
		return cw.Error()
	}
}
