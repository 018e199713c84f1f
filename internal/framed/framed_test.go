package framed

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
)

// testFormat frames version 3 with SHA-256 and version 4 with CRC-32, and
// knows no other.
var testFormat = Format{Magic: "TESTMAGC", What: "test file", MaxPayload: 1 << 20,
	Checksum: func(v uint32) (Checksum, error) {
		switch v {
		case 3:
			return SHA256, nil
		case 4:
			return CRC32, nil
		}
		return 0, fmt.Errorf("test file format version %d", v)
	}}

func frame(t *testing.T, version uint32, payload string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := testFormat.Write(&buf, version, []byte(payload)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadAndParse(t *testing.T) {
	for _, version := range []uint32{3, 4} {
		good := frame(t, version, "the payload")
		flipped := bytes.Clone(good)
		flipped[headLen+2] ^= 1
		flippedSum := bytes.Clone(good)
		flippedSum[len(flippedSum)-1] ^= 1
		huge := bytes.Clone(good)
		huge[MagicLen+4] = 0xff
		unknown := bytes.Clone(good)
		unknown[MagicLen+3] = 9
		tests := []struct {
			name    string
			data    []byte
			want    string
			wantErr string
		}{
			{"whole", good, "the payload", ""},
			{"empty payload", frame(t, version, ""), "", ""},
			{"other magic", append([]byte("OTHERMAG"), good[MagicLen:]...), "", ErrForeign.Error()},
			{"text", []byte("text,label\nfine,1\n"), "", ErrForeign.Error()},
			{"nothing", nil, "", ErrForeign.Error()},
			{"header only", good[:MagicLen+6], "", "test file is truncated"},
			{"payload cut", good[:headLen+3], "", "test file is truncated"},
			{"checksum cut", good[:len(good)-1], "", "test file is truncated"},
			{"flipped byte", flipped, "", "test file is corrupted: its checksum does not match its contents"},
			{"flipped checksum", flippedSum, "", "test file is corrupted: its checksum does not match its contents"},
			{"trailing bytes", append(bytes.Clone(good), 0), "", "test file has unexpected data after its checksum"},
			{"claims too much", huge, "", "test file claims a"},
			{"unknown version", unknown, "", "test file format version 9"},
		}
		for _, tt := range tests {
			for _, how := range []struct {
				name string
				read func([]byte) (uint32, []byte, error)
			}{
				{"Read", func(b []byte) (uint32, []byte, error) { return testFormat.Read(bytes.NewReader(b)) }},
				{"Read byte by byte", func(b []byte) (uint32, []byte, error) {
					return testFormat.Read(iotest.OneByteReader(bytes.NewReader(b)))
				}},
				{"Parse", testFormat.Parse},
			} {
				t.Run(fmt.Sprintf("v%d/%s/%s", version, tt.name, how.name), func(t *testing.T) {
					v, got, err := how.read(tt.data)
					if tt.wantErr != "" {
						if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
							t.Fatalf("error %v, want %q", err, tt.wantErr)
						}
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					if v != version || string(got) != tt.want {
						t.Errorf("version %d payload %q, want %d %q", v, got, version, tt.want)
					}
				})
			}
		}
	}
}

func TestChecksumSizes(t *testing.T) {
	if n := len(frame(t, 3, "")); n != headLen+32 {
		t.Errorf("a SHA-256 frame of nothing is %d bytes, want %d", n, headLen+32)
	}
	if n := len(frame(t, 4, "")); n != headLen+4 {
		t.Errorf("a CRC-32 frame of nothing is %d bytes, want %d", n, headLen+4)
	}
}

func TestReadPassesOnReadErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	_, _, err := testFormat.Read(errReader{boom})
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want the read error", err)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
