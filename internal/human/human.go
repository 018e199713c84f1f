// Package human formats for people to read: counts with thousands
// separators, sizes of memory, and text from a user's file made safe to
// show in a terminal. It writes nothing itself.
package human

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Commas formats a count with thousands separators: 12345 gives "12,345".
func Commas(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		if s[i-1] == '-' {
			break
		}
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Printable makes text from a user's file safe to show in a terminal: line
// breaks become spaces, so that each answer stays one line, and every other
// control character is shown escaped (\x1b), so that none reaches the
// terminal raw to retitle the window, clear the screen or hide text; so
// are the bidirectional overrides, embeddings and isolates (\u202e), which
// would show a name or a message in another order than it is written
// ("Trojan Source"), while the marks right-to-left text uses stay. A
// byte that is not UTF-8 is shown escaped too (\xe9, of a Latin-1 file):
// 0xff is text/tabwriter's escape, after which a table came out raw.
func Printable(text string) string {
	if !strings.ContainsFunc(text, escaped) && utf8.ValidString(text) {
		return text
	}
	var b strings.Builder
	text = strings.ReplaceAll(text, "\r\n", " ")
	for i, r := range text {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(text[i:], "\ufffd"):
			fmt.Fprintf(&b, "\\x%02x", text[i])
		case r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r == '\t' || !escaped(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

// Cell is Printable for a cell of a text/tabwriter table: a tab in a name
// (a category, a file) would end its cell there and shift the rest of the
// row into the columns beside it, so it is a space too.
func Cell(text string) string { return strings.ReplaceAll(Printable(text), "\t", " ") }

// escaped reports whether Printable escapes r.
func escaped(r rune) bool {
	return unicode.IsControl(r) || '\u202a' <= r && r <= '\u202e' || '\u2066' <= r && r <= '\u2069'
}

// maxNames is how many names Names lists.
const maxNames = 10

// Count is n things, with thousands separated and the noun in the plural
// unless n is 1: "1 text", "2,400 texts".
func Count(n int, one, many string) string { return Commas(n) + " " + Plural(n, one, many) }

// Plural is one for a count of 1, many for any other.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Names lists names for a message, the first ten of them and then how
// many more: a model's classes may be a thousand, and a message listing
// them all a line of kilobytes.
func Names(names []string) string {
	if len(names) <= maxNames {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:maxNames], ", "), len(names)-maxNames)
}

// Size formats bytes of memory: 130 MiB, 8.0 GiB; below a mebibyte, in
// kibibytes or bytes, so that a small limit is not shown as 1 MiB.
func Size(b int64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%d MiB", (b+1<<20-1)>>20)
	case b >= 1<<10:
		return fmt.Sprintf("%d KiB", (b+1<<10-1)>>10)
	}
	return Count(int(b), "byte", "bytes")
}

// ParseSize reads a size of memory written with a binary unit: 512M, 8G,
// 1.5G, 8GB, 8GiB; a plain number is bytes.
func ParseSize(s string) (int64, error) {
	units := map[byte]float64{'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30, 'T': 1 << 40}
	num, unit := strings.ToUpper(s), 1.0
	if n := len(num); n > 3 && num[n-2:] == "IB" && units[num[n-3]] != 0 {
		num = num[:n-2]
	} else {
		num = strings.TrimSuffix(num, "B")
	}
	if n := len(num); n > 0 && units[num[n-1]] != 0 {
		num, unit = num[:n-1], units[num[n-1]]
	}
	v, err := strconv.ParseFloat(num, 64)
	// A size under one byte would round to 0, which MemorySize reads as
	// no limit at all: the smallest limit must not become none.
	if err != nil || !(v*unit >= 1) || v*unit >= 1<<62 {
		return 0, fmt.Errorf("want a size such as 512M or 8G, got %q", s)
	}
	return int64(v * unit), nil
}

// MemorySize is a command-line flag's size of memory, as ParseSize reads
// it; it prints as its count of bytes, or nothing for 0, the flag's default.
type MemorySize int64

func (s *MemorySize) String() string {
	if *s == 0 {
		return ""
	}
	return strconv.FormatInt(int64(*s), 10)
}

// Type names the value in a flag's help.
func (s *MemorySize) Type() string { return "size" }

func (s *MemorySize) Set(v string) error {
	n, err := ParseSize(v)
	*s = MemorySize(n)
	return err
}

// FlagValue is a command-line flag's value, as pflag.Value has it.
type FlagValue interface {
	String() string
	Set(string) error
	Type() string
}

// DecimalFlag is v reading a whole number in decimal digits alone, when v
// is an integer flag's value; other values are given back as they are.
// pflag reads integers as Go's literals, so that "--epochs 010" trained 8
// epochs, in octal, and "--hidden 0256" 174 units; people write numbers in
// decimal, leading zeros and all.
func DecimalFlag(v FlagValue) FlagValue {
	if _, done := v.(decimalFlag); done || !slices.Contains([]string{"int", "int64", "uint64"}, v.Type()) {
		return v
	}
	return decimalFlag{v}
}

type decimalFlag struct{ FlagValue }

// String is "" for the zero decimalFlag, of no value, which the flag
// package makes to tell a default worth showing in its help.
func (d decimalFlag) String() string {
	if d.FlagValue == nil {
		return ""
	}
	return d.FlagValue.String()
}

func (d decimalFlag) Set(s string) error {
	sign, digits := "", s
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, digits = s[:1], s[1:]
	}
	// A base prefix (0x, 0o, 0b) or an underscore is not decimal.
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return fmt.Errorf("%q is not a number in decimal digits", s)
	}
	if digits = strings.TrimLeft(digits, "0"); digits == "" {
		digits = "0"
	}
	return d.FlagValue.Set(sign + digits)
}

// DownloadSize formats a download size in decimal units, as sizes of downloads
// are usually given: 84 kB, 7.4 MB.
func DownloadSize(n int64) string {
	if n >= 1e6 {
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.0f kB", float64(n)/1e3)
}
