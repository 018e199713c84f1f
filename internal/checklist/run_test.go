package checklist

import "testing"

func TestPositiveShare(t *testing.T) {
	tests := []struct {
		name           string
		neg, pos, want float64
	}{
		{"binary model", 0.2, 0.8, 0.8},
		{"neutral ignored", 0.125, 0.375, 0.75},
		{"all neutral", 0, 0, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := positiveShare(tt.neg, tt.pos); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPolarClasses(t *testing.T) {
	tests := []struct {
		name             string
		names            []string
		wantNeg, wantPos int
		wantErr          bool
	}{
		{"binary", []string{"negative", "positive"}, 0, 1, false},
		{"three classes", []string{"negative", "neutral", "positive"}, 0, 2, false},
		{"any case", []string{"Positive", "NEGATIVE"}, 1, 0, false},
		{"abbreviated", []string{"neg", "pos"}, 0, 1, false},
		{"abbreviated among three", []string{"NEG", "neutral", "POS"}, 0, 2, false},
		{"other names", []string{"bad", "good"}, 0, 0, true},
		{"positive alone", []string{"neutral", "positive"}, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			neg, pos, err := polarClasses(tt.names)
			if (err != nil) != tt.wantErr || neg != tt.wantNeg || pos != tt.wantPos {
				t.Errorf("got %d, %d, %v; want %d, %d and error %v", neg, pos, err, tt.wantNeg, tt.wantPos, tt.wantErr)
			}
		})
	}
}
