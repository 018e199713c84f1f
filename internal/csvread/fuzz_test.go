package csvread

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/fileerr"
)

func FuzzReader(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, needLabel, skip bool) {
		opt := Options{NeedLabel: needLabel, SkipBadRows: skip}
		rd, err := NewReader(bytes.NewReader(data), "fuzz.csv", opt)
		if err != nil {
			checkFuzzErr(t, err)
			return
		}
		prev := 0
		for {
			ex, err := rd.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				checkFuzzErr(t, err)
				break
			}
			if strings.TrimSpace(ex.Text) == "" || needLabel && ex.Label == "" {
				t.Fatalf("example %+v has an empty text or label", ex)
			}
			if ex.Line <= prev {
				t.Fatalf("example on line %d follows line %d", ex.Line, prev)
			}
			prev = ex.Line
		}
		if !slices.IsSorted(rd.Skipped()) {
			t.Fatalf("skipped lines %v are out of order", rd.Skipped())
		}
	})
}

func checkFuzzErr(t *testing.T, err error) {
	t.Helper()
	if _, ok := errors.AsType[*fileerr.Error](err); !ok {
		t.Fatalf("error %v is a %T, want *fileerr.Error", err, err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "fuzz.csv:") || strings.Contains(msg, "\n") {
		t.Fatalf("error %q does not start with the file name or spans lines", msg)
	}
}
