package csvread

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rnnsent/rnnsent/internal/human"
)

// shownSkips is how many line numbers of skipped rows are listed; the count
// says how many more there were.
const shownSkips = 5

// SkippedLine says how many rows of path were skipped and on which lines:
// "train.csv: skipped 7 bad rows, on lines 3, 5, 9, 11, 12 and 2 more".
func SkippedLine(path string, lines []int) string {
	return human.Printable(path) + ": " + skippedRows(lines)
}

// skippedRows is SkippedLine without the file's name.
func skippedRows(lines []int) string {
	rows := human.Plural(len(lines), "row", "rows")
	shown := make([]string, 0, shownSkips)
	for _, l := range lines[:min(len(lines), shownSkips)] {
		shown = append(shown, strconv.Itoa(l))
	}
	where := "line " + shown[0]
	switch {
	case len(lines) > shownSkips:
		where = fmt.Sprintf("lines %s and %d more", strings.Join(shown, ", "), len(lines)-shownSkips)
	case len(lines) > 1:
		where = fmt.Sprintf("lines %s and %s", strings.Join(shown[:len(shown)-1], ", "), shown[len(shown)-1])
	}
	return fmt.Sprintf("skipped %d bad %s, on %s", len(lines), rows, where)
}
