package human

import (
	"strconv"
	"testing"
)

func TestCommas(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {12345, "12,345"}, {1234567, "1,234,567"}, {-1234, "-1,234"}} {
		if got := Commas(tt.n); got != tt.want {
			t.Errorf("Commas(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestPrintableEscapesControlCharacters(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"plain", "Not bad!", "Not bad!"},
		{"line breaks", "one\r\ntwo\nthree\rfour", "one two three four"},
		{"a window title", "\x1b]0;pwned\x07great", `\x1b]0;pwned\x07great`},
		{"a cleared screen", "\x1b[2Jgreat", `\x1b[2Jgreat`},
		{"a C1 control", "a\u009bb", `a\x9bb`},
		{"tabs stay", "a\tb", "a\tb"},
		// A Latin-1 file's é, and 0xff, which text/tabwriter reads as
		// its escape: a table after it came out raw.
		{"bytes that are not UTF-8", "caf\xe9 \xff", `caf\xe9 \xff`},
		{"a replacement character stays", "caf\ufffd", "caf\ufffd"},
		{"a right-to-left override", "review\u202eVSC.gob", `review\u202eVSC.gob`},
		{"an isolate", "\u2067x\u2069", `\u2067x\u2069`},
		{"right-to-left text and its marks stay", "\u05d8\u05d5\u05d1\u200f!", "\u05d8\u05d5\u05d1\u200f!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Printable(tt.text); got != tt.want {
				t.Errorf("Printable(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		name, s string
		want    int64
		ok      bool
	}{
		{"bytes", "1000", 1000, true},
		{"megabytes", "512M", 512 << 20, true},
		{"gigabytes with a B", "8GB", 8 << 30, true},
		{"a fraction, lower case", "1.5g", 3 << 29, true},
		{"no number", "lots", 0, false},
		{"zero", "0M", 0, false},
		{"negative", "-1G", 0, false},
		{"an unknown unit", "12Q", 0, false},
		{"gibibytes", "1GiB", 1 << 30, true},
		{"mebibytes, lower case", "512mib", 512 << 20, true},
		{"an i with no unit", "12iB", 0, false},
		{"half a kibibyte", "0.5K", 512, true},
		{"under a byte, which would round to no limit", "0.5", 0, false},
		{"under a byte, with a unit", "1e-12G", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSize(tt.s)
			if got != tt.want || (err == nil) != tt.ok {
				t.Errorf("ParseSize(%q) = %d, %v; want %d, ok %v", tt.s, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestSize(t *testing.T) {
	for _, tt := range []struct {
		b    int64
		want string
	}{{1, "1 byte"}, {100, "100 bytes"}, {512, "512 bytes"}, {1 << 10, "1 KiB"}, {1500, "2 KiB"}, {1 << 20, "1 MiB"}, {130 << 20, "130 MiB"}, {1<<20 + 1, "2 MiB"}, {8 << 30, "8.0 GiB"}} {
		if got := Size(tt.b); got != tt.want {
			t.Errorf("Size(%d) = %q, want %q", tt.b, got, tt.want)
		}
	}
}

func TestCount(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 texts"}, {1, "1 text"}, {2, "2 texts"}, {2400, "2,400 texts"}} {
		if got := Count(tt.n, "text", "texts"); got != tt.want {
			t.Errorf("Count(%d, \"text\", \"texts\") = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// intFlag is an integer flag's value as pflag's reads it: a Go literal.
type intFlag struct{ v int64 }

func (f *intFlag) String() string { return strconv.FormatInt(f.v, 10) }
func (f *intFlag) Type() string   { return "int" }
func (f *intFlag) Set(s string) (err error) {
	f.v, err = strconv.ParseInt(s, 0, 64)
	return err
}

func TestDecimalFlag(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"10", 10, true}, {"010", 10, true}, {"0", 0, true}, {"000", 0, true}, {"-007", -7, true}, {"+08", 8, true},
		{"0x10", 0, false}, {"0o10", 0, false}, {"0b1", 0, false}, {"1_000", 0, false}, {"", 0, false}, {"-", 0, false}, {" 1", 0, false}, {"1e3", 0, false},
	} {
		f := &intFlag{}
		err := DecimalFlag(f).Set(tt.in)
		if (err == nil) != tt.ok || tt.ok && f.v != tt.want {
			t.Errorf("Set(%q): %d, %v; want %d, ok %v", tt.in, f.v, err, tt.want, tt.ok)
		}
	}
	if f := DecimalFlag(&intFlag{}); DecimalFlag(f) != f {
		t.Error("a value made decimal twice is wrapped twice")
	}
}
