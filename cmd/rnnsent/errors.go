package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rnnsent/rnnsent/internal/human"
)

// exitCode is the process's exit status.
type exitCode int

const (
	exitOK    exitCode = 0
	exitError exitCode = 1 // the command ran and failed
	exitUsage exitCode = 2 // the command line is wrong: nothing was run
)

// usageError marks an error in the command line: an unknown flag or command,
// a bad flag value, a wrong number of arguments.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, a ...any) error { return &usageError{fmt.Errorf(format, a...)} }

// exitCodeOf is the one place that decides the exit status.
func exitCodeOf(err error) exitCode {
	switch _, usage := errors.AsType[*usageError](err); {
	case err == nil:
		return exitOK
	case usage:
		return exitUsage
	}
	return exitError
}

// errorLine is err as printed: one line, so that scripts and logs can take
// it whole, with no control character raw, which a file's name may hold.
func errorLine(err error) string {
	return "rnnsent: " + human.Printable(strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; "))
}

// flagError turns a flag parsing error into a usage error: pflag reports a
// bad value in its parser's words ("strconv.ParseInt: parsing "x": invalid
// syntax", "time: missing unit in duration"), Go's rather than the flag's.
func flagError(err error) error {
	ive, ok := errors.AsType[*pflag.InvalidValueError](err)
	if !ok || ive.Unwrap() == nil {
		return &usageError{err}
	}
	want, ok := map[string]string{
		"int":      "an integer in decimal digits",
		"int64":    "an integer in decimal digits",
		"uint64":   "a whole number, 0 or more, in decimal digits",
		"float64":  "a number",
		"bool":     "true or false",
		"duration": "a duration such as 500ms, 10s or 2m",
	}[ive.GetFlag().Value.Type()]
	if !ok {
		return &usageError{err}
	}
	msg := strings.TrimSuffix(err.Error(), ive.Unwrap().Error())
	if errors.Is(err, strconv.ErrRange) {
		return usageErrorf("%sout of range", msg)
	}
	return usageErrorf("%swant %s", msg, want)
}
