// Package fileerr is the one error type for a bad input: "FILE:LINE: what is
// wrong", or "FILE: what is wrong" when the problem is not on one line.
// Every package that reads a user's file reports through it, so that every
// message names the file the same way.
package fileerr

import (
	"errors"
	"fmt"
	"io/fs"
)

// Error is a problem with a file or one of its lines.
type Error struct {
	File string
	Line int // 0 when the problem is not on one line
	Msg  string
	Err  error // the underlying error, if any
}

// Error returns "FILE:LINE: MESSAGE", or "FILE: MESSAGE" when Line is 0.
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// At is the error for line of file; line 0 for the file as a whole.
func At(file string, line int, format string, a ...any) error {
	return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, a...)}
}

// Wrap names path in front of err, dropping the path an *fs.PathError would
// repeat; nil stays nil. An err that already names a file is left alone.
func Wrap(path string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*Error](err); ok {
		return err
	}
	msg := err.Error()
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		msg = pe.Err.Error()
	}
	return &Error{File: path, Msg: msg, Err: err}
}
