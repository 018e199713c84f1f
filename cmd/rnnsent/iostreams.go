package main

import (
	"io"
	"os"

	"golang.org/x/term"

	"github.com/rnnsent/rnnsent/internal/writeerr"
)

// IOStreams are the standard streams a command uses; tests put buffers in
// their place.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	InTTY  bool // a person is typing the input, so a hint helps
	ErrTTY bool // stderr can show a progress bar that redraws in place
	OutTTY bool // a person reads the output: predict --trace lays tokens out across the screen
	Color  bool // the output may hold ANSI colours: a terminal, and NO_COLOR is not set
	Width  int  // columns of the terminal on stdout; 0 when unknown
}

func systemIO(getenv func(string) string) *IOStreams {
	out := int(os.Stdout.Fd())
	outTTY := term.IsTerminal(out)
	width := 0
	if outTTY {
		width, _, _ = term.GetSize(out)
	}
	return &IOStreams{
		In:     os.Stdin,
		Out:    writeerr.New(os.Stdout),
		ErrOut: os.Stderr,
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		OutTTY: outTTY,
		// https://no-color.org; a dumb terminal shows escape codes as text.
		Color: outTTY && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb",
		Width: width,
	}
}
