package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the standard streams a command uses; tests put buffers in
// their place.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	InTTY  bool // a person is typing the input, so a hint helps
	ErrTTY bool // stderr can show a progress bar that redraws in place
}

func systemIO() *IOStreams {
	return &IOStreams{
		In:     os.Stdin,
		Out:    os.Stdout,
		ErrOut: os.Stderr,
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
}
