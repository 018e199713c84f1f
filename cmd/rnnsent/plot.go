package main

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
)

// plotUsage is the help of the --plot flag of train and eval.
const plotUsage = "also draw the %s as a PNG image in `file`"

// checkPlot checks a --plot path before any work starts: a PNG file ("" for
// no plot; not ".png" alone, the hidden file of "$NAME.png" with NAME unset)
// in a directory that can be written, and none of the command's other files.
func checkPlot(path string, others ...string) error {
	if path == "" {
		return nil
	}
	if ext := filepath.Ext(path); !strings.EqualFold(ext, ".png") || filepath.Base(path) == ext {
		return usageErrorf("--plot must name a .png file, got %q", path)
	}
	for _, other := range others {
		if atomicfile.Replaces(path, other) {
			return usageErrorf("--plot %s is %s, which the command reads or writes too", path, other)
		}
	}
	return atomicfile.CheckWritable(path)
}

// writePlot writes the PNG image that draw draws into the file path; ""
// writes nothing.
func writePlot(path string, draw func(io.Writer) error) error {
	if path == "" {
		return nil
	}
	return atomicfile.Write(path, draw)
}
