package train

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzStateUnmarshal feeds the decoder of a resume file's training state
// arbitrary bytes: a resume file is a user's file, so the state must
// decode or fail in one line, never panic, and a state that decodes must
// encode to bytes that decode to the same encoding again.
func FuzzStateUnmarshal(f *testing.F) {
	st := NewState(Options{Seed: 7, Epochs: 3})
	st.AdamM, st.AdamV = [][]float32{{1, 2}, {3}}, [][]float32{{4, 5}, {6}}
	seed, err := st.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		var s State
		if err := s.UnmarshalBinary(data); err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of more than one line: %q", err)
			}
			return
		}
		once, err := s.MarshalBinary()
		if err != nil {
			t.Fatalf("a state that decodes does not encode: %v", err)
		}
		var back State
		if err := back.UnmarshalBinary(once); err != nil {
			t.Fatalf("an encoded state does not decode: %v", err)
		}
		twice, err := back.MarshalBinary()
		if err != nil || !bytes.Equal(once, twice) {
			t.Fatalf("encode, decode, encode changed the state (%v)", err)
		}
	})
}
