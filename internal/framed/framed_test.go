package framed

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func frame(t *testing.T, payload string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, "TESTMAGC", 3, []byte(payload)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRead(t *testing.T) {
	good := frame(t, "the payload")
	flipped := bytes.Clone(good)
	flipped[MagicLen+12+2] ^= 1
	huge := bytes.Clone(good)
	huge[MagicLen+4] = 0xff
	tests := []struct {
		name    string
		data    []byte
		want    string
		wantErr string
	}{
		{"whole", good, "the payload", ""},
		{"empty payload", frame(t, ""), "", ""},
		{"other magic", append([]byte("OTHERMAG"), good[MagicLen:]...), "", ErrForeign.Error()},
		{"text", []byte("text,label\nfine,1\n"), "", ErrForeign.Error()},
		{"nothing", nil, "", ErrForeign.Error()},
		{"header only", good[:MagicLen+6], "", "test file is truncated"},
		{"payload cut", good[:len(good)-40], "", "test file is truncated"},
		{"checksum cut", good[:len(good)-1], "", "test file is truncated"},
		{"flipped byte", flipped, "", "test file is corrupted: its checksum does not match its contents"},
		{"trailing bytes", append(bytes.Clone(good), 0), "", "test file has unexpected data after its checksum"},
		{"claims too much", huge, "", "test file claims a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, got, err := Read(bytes.NewReader(tt.data), "TESTMAGC", "test file", 1<<20)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v != 3 || string(got) != tt.want {
				t.Errorf("version %d payload %q, want 3 %q", v, got, tt.want)
			}
		})
	}
}

func TestReadPassesOnReadErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	_, _, err := Read(errReader{boom}, "TESTMAGC", "test file", 1<<20)
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want the read error", err)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
