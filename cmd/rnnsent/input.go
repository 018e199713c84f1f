package main

// stdinHint is shown when texts are to be typed, so that a silent wait is
// not mistaken for a hang.
const stdinHint = "reading texts from the terminal, one per line; Ctrl-D to finish"

// textsFromArgs reports whether args hold the texts, as opposed to asking for
// standard input (no args, or a single "-").
func textsFromArgs(args []string) bool {
	return len(args) > 0 && !(len(args) == 1 && args[0] == "-")
}
