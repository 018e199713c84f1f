package model

import (
	"strings"
	"testing"
)

func TestValidatePooling(t *testing.T) {
	base := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Vocab: 10, Embed: 2, Hidden: 3, Classes: 2}
	for _, c := range []struct {
		name, pool string
		bow        bool
		wantErr    string // "" for a valid config
		features   int
	}{
		{name: "empty means last", pool: "", features: 3},
		{name: "last", pool: "last", features: 3},
		{name: "three parts", pool: "last+max+mean", features: 9},
		{name: "unknown part", pool: "last+min", wantErr: `unknown pooling "min"`},
		{name: "empty part", pool: "last+", wantErr: `unknown pooling ""`},
		{name: "a part twice", pool: "max+max", wantErr: "names max twice"},
		{name: "bag of words has none", pool: "max", bow: true, wantErr: "no pooling to choose"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := base
			cfg.Pool = c.pool
			if c.bow {
				cfg.Arch, cfg.Cell, cfg.Layers = ArchBOW, "", 0
			}
			err := cfg.Validate()
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Fatalf("error %v, want one containing %q", err, c.wantErr)
			case c.wantErr == "" && cfg.features() != c.features:
				t.Errorf("%d features, want %d", cfg.features(), c.features)
			}
		})
	}
}

func TestValidateNegationRank(t *testing.T) {
	base := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Vocab: 10, Embed: 5, Hidden: 3, Classes: 2}
	for _, c := range []struct {
		name  string
		rank  int
		valid bool
	}{
		{"off", 0, true},
		{"one", 1, true},
		{"the embedding width", 5, true},
		{"wider than the embedding", 6, false},
		{"negative", -1, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := base
			cfg.NegationRank = c.rank
			if err := cfg.Validate(); (err == nil) != c.valid {
				t.Errorf("rank %d: error %v, want valid %v", c.rank, err, c.valid)
			}
		})
	}
}

// TestValidatePoolRefusesNoPooling: a request names a pooling, while a
// model file's empty one is the last state's (above).
func TestValidatePoolRefusesNoPooling(t *testing.T) {
	for _, c := range []struct{ name, pool, wantErr string }{
		{"none named", "", "no pooling named"},
		{"one", "max", ""},
		{"two", "last+max", ""},
		{"unknown", "first", `unknown pooling "first"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := ValidatePool(c.pool)
			if c.wantErr == "" && err != nil || c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Errorf("ValidatePool(%q) = %v, want an error containing %q", c.pool, err, c.wantErr)
			}
		})
	}
}
