// Command folds writes the folds of a k-fold cross-validation of labelled
// CSV files, for bench/accuracy.sh: the files' rows are pooled and dealt
// into k folds, and fold i becomes DIR/i/test.csv, the other folds
// DIR/i/train.csv (columns text and label).
//
//	go run ./tools/folds -k 5 -seed 1 -out DIR train.csv dev.csv
//
// The folds depend on the rows and the seed only. They are stratified by
// label, and rows whose texts are the same but for case and spacing stay in
// one fold, as the public splits keep them in one split: a repeated text on
// both sides would be scored on a row the model was trained on.
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/dataset"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "folds:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("folds", flag.ContinueOnError)
	k := fs.Int("k", 5, "number of folds")
	seed := fs.Uint64("seed", 1, "which rows go to which fold")
	dir := fs.String("out", "", "`directory` to write the folds into (created if missing)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || fs.NArg() == 0 {
		return errors.New("usage: folds [-k N] [-seed N] -out DIR FILE...")
	}
	var rows []csvread.Row
	for _, path := range fs.Args() {
		f, err := csvread.ReadFile(path, csvread.Options{NeedLabel: true})
		if err != nil {
			return err
		}
		rows = append(rows, f.Rows...)
	}
	if _, err := dataset.Labels(rows, strings.Join(fs.Args(), " + ")); err != nil {
		return err
	}
	fold, err := assign(rows, *k, *seed)
	if err != nil {
		return err
	}
	for i := range *k {
		sub := filepath.Join(*dir, strconv.Itoa(i+1))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return err
		}
		var train, test []csvread.Row
		for j, r := range rows {
			if fold[j] == i {
				test = append(test, r)
			} else {
				train = append(train, r)
			}
		}
		for _, f := range []struct {
			name string
			rows []csvread.Row
		}{{"train.csv", train}, {"test.csv", test}} {
			if err := writeCSV(filepath.Join(sub, f.name), f.rows); err != nil {
				return err
			}
		}
		fmt.Fprintf(stdout, "%s: %d rows to train on, %d to test\n", sub, len(train), len(test))
	}
	return nil
}

// foldStream keeps the folds' draws apart from those of the seeded
// training runs (internal/rng's streams), which may share the seed.
const foldStream = 0x666f6c6473 // "folds"

// assign returns the fold, from 0 to k-1, of each row. Rows with the same
// text (groupKey) form a group that goes to one fold, labelled by the label
// most of its rows have. Within each label the groups are shuffled by seed
// and each goes to the fold holding the fewest rows of that label so far,
// so that every fold has close to 1/k of each label.
func assign(rows []csvread.Row, k int, seed uint64) ([]int, error) {
	if k < 2 {
		return nil, fmt.Errorf("-k %d: cross-validation needs at least 2 folds", k)
	}
	groupOf := make(map[string]int)
	var members [][]int // each group's rows, in file order
	for i, r := range rows {
		key := groupKey(r.Text)
		g, ok := groupOf[key]
		if !ok {
			g = len(members)
			groupOf[key] = g
			members = append(members, nil)
		}
		members[g] = append(members[g], i)
	}
	var labels []string
	strata := make(map[string][]int) // label → its groups, in order of first row
	for g, m := range members {
		l := majorityLabel(rows, m)
		if strata[l] == nil {
			labels = append(labels, l)
		}
		strata[l] = append(strata[l], g)
	}
	rng := rand.New(rand.NewPCG(seed, foldStream))
	fold := make([]int, len(rows))
	for _, l := range labels {
		groups := strata[l]
		rng.Shuffle(len(groups), func(i, j int) { groups[i], groups[j] = groups[j], groups[i] })
		filled := make([]int, k)
		for _, g := range groups {
			f := 0
			for i := range filled {
				if filled[i] < filled[f] {
					f = i
				}
			}
			filled[f] += len(members[g])
			for _, r := range members[g] {
				fold[r] = f
			}
		}
	}
	// Each label fills the folds from the first, so a label with fewer
	// texts than folds leaves the last ones short; a fold left with no
	// rows at all cannot be tested on.
	size := make([]int, k)
	for _, f := range fold {
		size[f]++
	}
	if i := slices.Index(size, 0); i >= 0 {
		return nil, fmt.Errorf("-k %d: fold %d gets no rows (%d distinct texts in %d labels)", k, i+1, len(members), len(labels))
	}
	return fold, nil
}

// groupKey is a text as the public splits compare texts: lower case, each
// run of spaces one space.
func groupKey(text string) string {
	return strings.ToLower(strings.Join(strings.Fields(text), " "))
}

// majorityLabel is the label most of the rows idx have; of labels as
// frequent, the one of the earliest row.
func majorityLabel(rows []csvread.Row, idx []int) string {
	count := make(map[string]int)
	for _, i := range idx {
		count[rows[i].Label]++
	}
	best := rows[idx[0]].Label
	for _, i := range idx {
		if l := rows[i].Label; count[l] > count[best] {
			best = l
		}
	}
	return best
}

func writeCSV(path string, rows []csvread.Row) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"text", "label"})
	for _, r := range rows {
		w.Write([]string{r.Text, r.Label})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
