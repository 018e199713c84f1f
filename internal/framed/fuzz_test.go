package framed

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// FuzzReadAndParse feeds both readers arbitrary bytes. They must agree,
// fail in one line, never panic, and accept only what Write gives back
// byte for byte, so a damaged file is never taken for a whole one.
func FuzzReadAndParse(f *testing.F) {
	for _, version := range []uint32{3, 4, 5} {
		var buf bytes.Buffer
		if err := testFormat.Write(&buf, version, []byte("a payload")); err == nil {
			f.Add(buf.Bytes())
		}
	}
	f.Add([]byte("TESTMAGC"))
	f.Fuzz(func(t *testing.T, data []byte) {
		version, payload, err := testFormat.Read(bytes.NewReader(data))
		parsedVersion, parsed, parseErr := testFormat.Parse(bytes.Clone(data))
		if fmt.Sprint(err) != fmt.Sprint(parseErr) || version != parsedVersion || !bytes.Equal(payload, parsed) {
			t.Fatalf("Read gives %d, %q, %v; Parse %d, %q, %v", version, payload, err, parsedVersion, parsed, parseErr)
		}
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of more than one line: %q", err)
			}
			return
		}
		var again bytes.Buffer
		if err := testFormat.Write(&again, version, payload); err != nil || !bytes.Equal(again.Bytes(), data) {
			t.Fatalf("accepted a frame that Write does not give back (%v)", err)
		}
	})
}
