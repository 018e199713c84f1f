package csvread

import "testing"

func TestSkippedLine(t *testing.T) {
	tests := []struct {
		lines []int
		want  string
	}{
		{[]int{4}, "a.csv: skipped 1 bad row, on line 4"},
		{[]int{4, 9}, "a.csv: skipped 2 bad rows, on lines 4 and 9"},
		{[]int{2, 3, 4, 5, 6}, "a.csv: skipped 5 bad rows, on lines 2, 3, 4, 5 and 6"},
		{[]int{2, 3, 4, 5, 6, 7}, "a.csv: skipped 6 bad rows, on lines 2, 3, 4, 5, 6 and 1 more"},
	}
	for _, tt := range tests {
		if got := SkippedLine("a.csv", tt.lines); got != tt.want {
			t.Errorf("SkippedLine(%v) = %q, want %q", tt.lines, got, tt.want)
		}
	}
}
