package job

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rnnsent/rnnsent/internal/human"
)

// EvalLine is the line that ends a run: the command that evaluates the
// model it wrote at path, on dev when the run had one ("FILE" otherwise),
// quoted to be pasted into a shell.
func EvalLine(path, dev string) string {
	data := "FILE"
	if dev != "" {
		data = shellQuote(dev)
	}
	return fmt.Sprintf("evaluate it with: rnnsent eval --model %s --data %s", shellQuote(path), data)
}

// ResumeCommand is the command that goes on with the run interrupted in
// the resume file at path, quoted as EvalLine is.
func ResumeCommand(path string) string { return "rnnsent train --resume " + shellQuote(path) }

// shellQuote quotes s for a command line a user may paste, when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	if human.Printable(s) != s {
		// Raw in single quotes, a control character or a bidirectional
		// override would reach the terminal and could not be pasted back.
		// Go's escapes (\x1b, \n, \u202e) are those bash and zsh read in
		// $'...'.
		q := strconv.Quote(s)
		return "$'" + strings.ReplaceAll(q[1:len(q)-1], "'", `\'`) + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
