package rng

import (
	"math/rand/v2"
	"testing"
)

// TestStreamsKeepTheirNumbers pins each stream to the number seeded models
// were trained with: renumbering them would silently change every model.
func TestStreamsKeepTheirNumbers(t *testing.T) {
	for _, tt := range []struct {
		name string
		s    Stream
		want uint64
	}{{"init", Init, 1}, {"shuffle", Shuffle, 2}, {"dropout", Dropout, 3}, {"split", Split, 4}, {"contrast", Contrast, 5}, {"synthetic", Synthetic, 6}} {
		t.Run(tt.name, func(t *testing.T) {
			got, want := New(7, tt.s).Uint64(), rand.New(rand.NewPCG(7, tt.want)).Uint64()
			if got != want {
				t.Errorf("first draw %d, want %d (stream %d)", got, want, tt.want)
			}
		})
	}
}

func TestStreamsDiffer(t *testing.T) {
	seen := map[uint64]Stream{}
	for _, s := range []Stream{Init, Shuffle, Dropout, Split, Contrast, Synthetic} {
		v := New(1, s).Uint64()
		if other, ok := seen[v]; ok {
			t.Errorf("streams %d and %d draw the same first number", other, s)
		}
		seen[v] = s
	}
}
