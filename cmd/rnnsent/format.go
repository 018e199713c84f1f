package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// commas formats a count with thousands separators: 12345 gives "12,345".
func commas(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// shellQuote quotes s for a command line a user may paste, when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// printable makes text from a user's file safe to show in a terminal: line
// breaks become spaces, so that each answer stays one line, and every other
// control character is shown escaped (\x1b), so that none reaches the
// terminal raw to retitle the window, clear the screen or hide text.
func printable(text string) string {
	if !strings.ContainsFunc(text, unicode.IsControl) {
		return text
	}
	var b strings.Builder
	for _, r := range strings.ReplaceAll(text, "\r\n", " ") {
		switch {
		case r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r == '\t' || !unicode.IsControl(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}
