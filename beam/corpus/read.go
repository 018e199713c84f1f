package corpus

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	// The file systems a job may read and write.
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"

	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/fileerr"
	"github.com/rnnsent/rnnsent/internal/predict"
	"github.com/rnnsent/rnnsent/internal/stream"
)

// row is one text of the corpus and its place; with Eval, its true label
// and category too.
type row struct {
	File            string
	Line            int
	Text            string
	Label, Category string
}

// deadLetter is a row that could not be read or labelled, and why.
type deadLetter struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"` // 0 when the problem is not on one line
	Reason string `json:"reason"`
}

// deadLetterOf places err, met reading file.
func deadLetterOf(file string, err error) deadLetter {
	if fe, ok := errors.AsType[*fileerr.Error](err); ok {
		return deadLetter{File: file, Line: fe.Line, Reason: fe.Msg}
	}
	return deadLetter{File: file, Reason: err.Error()}
}

// rows reads the input called name from r as o says, a row at a time,
// through the readers rnnsent predict and rnnsent eval use; after a bad
// row's error the next call reads on.
func (o Options) rows(r io.Reader, name string) (func() (row, error), error) {
	if o.Eval {
		rd, err := csvread.NewReader(r, name,
			csvread.Options{TextCol: o.TextCol, LabelCol: o.LabelCol, NeedLabel: true, ReadPastBadRows: true})
		if err != nil {
			return nil, err
		}
		return func() (row, error) {
			ex, err := rd.Read()
			return row{File: name, Line: ex.Line, Text: ex.Text, Label: ex.Label, Category: ex.Category}, err
		}, nil
	}
	src, err := stream.Open(r, name, o.format(name), o.TextCol)
	if err != nil {
		return nil, err
	}
	return func() (row, error) {
		rec, err := src.Next()
		return row{File: name, Line: rec.Line, Text: rec.Text}, err
	}, nil
}

// readFn reads the rows of each file, and sends each bad one to the dead
// letters.
type readFn struct {
	Options Options
}

func (f *readFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(row), dead func(deadLetter)) error {
	name := file.Metadata.Path
	rc, err := file.Open(ctx)
	if err != nil {
		dead(deadLetterOf(name, fileerr.Wrap(name, err)))
		return nil
	}
	defer rc.Close()
	next, err := f.Options.rows(rc, name)
	if err != nil {
		dead(deadLetterOf(name, err))
		return nil
	}
	// An error that ends the input (a line over the limit, a quote left
	// open, a failed read) comes back from every later call, while after a
	// bad row the reader goes on: the same error twice is the end.
	last := ""
	for {
		r, err := next()
		switch {
		case err == io.EOF:
			return nil
		case err != nil && err.Error() == last:
			return nil
		case err != nil:
			last = err.Error()
			dead(deadLetterOf(name, err))
		default:
			last = ""
			emit(r)
		}
	}
}

// LoadModel loads the model at path, "" for the built-in one, through
// Beam's file systems, so that a worker reads a gs:// model as a laptop
// reads a local one.
func LoadModel(ctx context.Context, path string) (*predict.Predictor, error) {
	if !strings.Contains(path, "://") {
		// predict's own messages say what to do about a missing file.
		return predict.Load(path)
	}
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, path)
	if err != nil {
		return nil, fileerr.Wrap(path, err)
	}
	defer rc.Close()
	p, err := predict.Decode(bufio.NewReader(rc))
	if err != nil {
		return nil, fileerr.Wrap(path, err)
	}
	p.Name = path
	return p, nil
}

// Check reads what the job will read before it starts: the model, and the
// start of every input file, so that a missing model, a glob that matches
// nothing, an unreadable file or a CSV header without the text column
// stops the job with one line instead of failing it on a worker. It
// returns the model.
func Check(ctx context.Context, o Options) (*predict.Predictor, error) {
	p, err := LoadModel(ctx, o.Model)
	if err != nil {
		return nil, err
	}
	first := map[string]string{} // the glob that matched each file first
	for _, glob := range o.Inputs {
		files, err := o.checkInput(ctx, glob)
		if err != nil {
			return nil, err
		}
		// The job reads each glob's matches, so that such a file's rows
		// were answered twice, and an evaluation counted them twice.
		for _, name := range files {
			if o.writes(name) {
				return nil, fileerr.At(name, 0, "the job would write over this input (--output %s); give another --output", o.Output)
			}
			if g, ok := first[fileKey(name)]; ok {
				return nil, fileerr.At(name, 0, "matched by --input %s and by --input %s; its rows would be read twice", g, glob)
			}
			first[fileKey(name)] = glob
		}
	}
	return p, o.checkOutput(ctx)
}

// writes reports whether the job writes over the file called name: a
// shard of its answers or dead letters, or its report. It read the file
// as it replaced it, a run over its own earlier answers most often.
func (o Options) writes(name string) bool {
	globs := []string{ShardPattern(DeadLetters(o.Output), o.Shards, ".jsonl"), ShardPattern(o.Output, o.Shards, "."+o.OutputFormat)}
	if o.Eval {
		globs[1] = ReportFile(o.Output)
	}
	for _, glob := range globs {
		// The folder exists, and is named as fileKey names the input.
		if !strings.Contains(glob, "://") {
			glob = filepath.Join(fileKey(filepath.Dir(glob)), filepath.Base(glob))
		}
		if ok, _ := filepath.Match(glob, fileKey(name)); ok {
			return true
		}
	}
	return false
}

// fileKey is the one name of the file called name however it is spelt: a
// local name (one without a scheme) by the path it leads to, so that
// a.txt, ./a.txt and a link to it are one file; any other as it is.
func fileKey(name string) string {
	if strings.Contains(name, "://") {
		return name
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return name
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}

// checkOutput writes a file beside the job's outputs and removes it: an
// output that cannot be written failed the job only once every row had
// been read and labelled, in 26 lines of the runner's words.
func (o Options) checkOutput(ctx context.Context) error {
	probe := fmt.Sprintf("%s.probe-%d", o.Output, os.Getpid())
	// By the output's name, not the probe's, which would be the one named
	// in an error (`file system scheme "foo" not registered for
	// "foo://b/out.probe-26004"`).
	fs, err := filesystem.New(ctx, o.Output)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, probe)
	if err == nil {
		err = w.Close()
	}
	if pe, ok := errors.AsType[*iofs.PathError](err); ok {
		err = pe.Err // it names the probe, which means nothing to the user
	}
	if err != nil {
		return fmt.Errorf("--output %s cannot be written: %w", o.Output, err)
	}
	if r, ok := fs.(filesystem.Remover); ok {
		return r.Remove(ctx, probe)
	}
	return nil
}

// checkInput checks the files glob matches, and returns them.
func (o Options) checkInput(ctx context.Context, glob string) ([]string, error) {
	fs, err := filesystem.New(ctx, glob)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	files, err := fs.List(ctx, glob)
	if err != nil {
		return nil, fileerr.Wrap(glob, err)
	}
	if len(files) == 0 {
		return nil, fileerr.At(glob, 0, "no such file (a glob must match at least one)")
	}
	for _, name := range files {
		if err := o.checkFile(ctx, fs, name); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// checkFile opens name and reads its header or first bytes.
func (o Options) checkFile(ctx context.Context, fs filesystem.Interface, name string) error {
	rc, err := fs.OpenRead(ctx, name)
	if err != nil {
		return fileerr.Wrap(name, err)
	}
	defer rc.Close()
	if o.format(name) == stream.CSV {
		_, err := o.rows(rc, name)
		return err
	}
	// A directory opens but cannot be read.
	if _, err := rc.Read(make([]byte, 1)); err != nil && err != io.EOF {
		return fileerr.Wrap(name, err)
	}
	return nil
}

// names is how messages and reports name the inputs.
func (o Options) names() string { return strings.Join(o.Inputs, ",") }
