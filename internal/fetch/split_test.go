package fetch

import (
	"fmt"
	"slices"
	"testing"
)

func rowsOf(texts ...string) []Row {
	rows := make([]Row, len(texts))
	for i, t := range texts {
		rows[i] = Row{t, fmt.Sprint(i % 2)}
	}
	return rows
}

func numbered(n int) []string {
	texts := make([]string, n)
	for i := range texts {
		texts[i] = fmt.Sprintf("review number %d", i)
	}
	return texts
}

func sizes(parts [][]Row) []int {
	var out []int
	for _, p := range parts {
		out = append(out, len(p))
	}
	return out
}

func TestSplitSizes(t *testing.T) {
	tests := []struct {
		name   string
		texts  []string
		shares []float64
		want   []int
	}{
		{"80/10/10 of 3000", numbered(3000), []float64{0.8, 0.1, 0.1}, []int{2400, 300, 300}},
		{"90/10 of 25", numbered(25), []float64{0.9, 0.1}, []int{23, 2}},
		{"95/5 of 20", numbered(20), []float64{0.95, 0.05}, []int{19, 1}},
		{"duplicates move the cut", []string{"a", "a", "a", "a"}, []float64{0.5, 0.5}, []int{4, 0}},
		{"no rows", nil, []float64{0.8, 0.2}, []int{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sizes(Split(rowsOf(tt.texts...), tt.shares...)); !slices.Equal(got, tt.want) {
				t.Errorf("got sizes %v, want %v", got, tt.want)
			}
		})
	}
}

// partOf maps each text to the part Split put it in.
func partOf(parts [][]Row) map[string]int {
	out := map[string]int{}
	for p, rows := range parts {
		for _, r := range rows {
			out[r.Text] = p
		}
	}
	return out
}

func TestSplitDependsOnTheTextAlone(t *testing.T) {
	texts := numbered(200)
	want := partOf(Split(rowsOf(texts...), 0.8, 0.1, 0.1))

	reversed := slices.Clone(texts)
	slices.Reverse(reversed)
	if got := partOf(Split(rowsOf(reversed...), 0.8, 0.1, 0.1)); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Error("reversing the input moved texts to other parts")
	}

	// Pinned, so that a change of hash or of cutting shows.
	var dev []string
	for _, text := range texts[:40] {
		if want[text] == 1 {
			dev = append(dev, text)
		}
	}
	if pinned := []string{"review number 22", "review number 31", "review number 33"}; !slices.Equal(dev, pinned) {
		t.Errorf("dev part of the first 40: got %q, want %q", dev, pinned)
	}
}

func TestSplitKeepsIdenticalTextsTogetherAndInputOrder(t *testing.T) {
	// Thirty texts, most of them several times; the label is the row's
	// input position.
	var rows []Row
	for i := range 100 {
		rows = append(rows, Row{fmt.Sprintf("text %d", i*7%30), fmt.Sprint(i)})
	}
	parts := Split(rows, 0.5, 0.5)
	seen := map[string]int{}
	var positions []int
	for p, part := range parts {
		last := -1
		for _, r := range part {
			if q, ok := seen[r.Text]; ok && q != p {
				t.Errorf("%q is in parts %d and %d", r.Text, q, p)
			}
			seen[r.Text] = p
			var pos int
			fmt.Sscan(r.Label, &pos)
			if pos <= last {
				t.Errorf("part %d has row %d after row %d", p, pos, last)
			}
			last = pos
			positions = append(positions, pos)
		}
	}
	slices.Sort(positions)
	if len(positions) != len(rows) || positions[0] != 0 || positions[len(positions)-1] != len(rows)-1 ||
		len(slices.Compact(positions)) != len(rows) {
		t.Errorf("the parts hold rows %v, want each of the %d input rows once", positions, len(rows))
	}
}
