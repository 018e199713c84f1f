package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/rnnsent/rnnsent/internal/dataset"
)

// loadPredictor opens the checkpoint at path. Every error names the file.
func loadPredictor(path string) (*dataset.Predictor, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file; train a model with \"rnnsent train\" or name one with --model", path)
		}
		return nil, fileError(path, err)
	}
	defer f.Close()
	p, err := dataset.Load(bufio.NewReader(f))
	if err != nil {
		return nil, fileError(path, err)
	}
	return p, nil
}

// fileError prefixes err with path, dropping the path an *fs.PathError would
// repeat.
func fileError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// maxLine is the longest input line accepted; a review of a few thousand
// words is far below it, a binary file piped in by mistake is not.
const maxLine = 16 << 20

// chunkSize is how many input lines are predicted together: enough for the
// batched matrix products to pay off, few enough that answers keep flowing
// and memory stays flat however long the input.
const chunkSize = 256

// readChunks calls fn with the non-blank lines of r, chunkSize at a time, in
// order.
func readChunks(r io.Reader, fn func(lines []string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	chunk := make([]string, 0, chunkSize)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		chunk = append(chunk, text)
		if len(chunk) == chunkSize {
			if err := fn(chunk); err != nil {
				return err
			}
			chunk = chunk[:0]
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("stdin: line %d is longer than %d MiB", line+1, maxLine>>20)
		}
		return fmt.Errorf("stdin: %w", err)
	}
	if len(chunk) > 0 {
		return fn(chunk)
	}
	return nil
}

// stdinHint is shown when texts are to be typed, so that a silent wait is
// not mistaken for a hang.
const stdinHint = "reading texts from the terminal, one per line; Ctrl-D to finish"

// textsFromArgs reports whether args hold the texts, as opposed to asking for
// standard input (no args, or a single "-").
func textsFromArgs(args []string) bool {
	return len(args) > 0 && !(len(args) == 1 && args[0] == "-")
}
