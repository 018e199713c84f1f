package fetch

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"cmp"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// convertSST2 reads GLUE's SST-2. GLUE keeps the labels of its test split
// to itself, so test.csv is GLUE's dev split, on which SST-2 results are
// reported, and dev.csv is 5% of GLUE's training split, held out for early
// stopping so that the test figure is not tuned on.
func convertSST2(archive string) (Splits, error) {
	zr, err := zip.OpenReader(archive)
	if err != nil {
		return Splits{}, err
	}
	defer zr.Close()
	const header = "sentence\tlabel"
	train, err := readMember(zr, "SST-2/train.tsv", header)
	if err != nil {
		return Splits{}, err
	}
	test, err := readMember(zr, "SST-2/dev.tsv", header)
	if err != nil {
		return Splits{}, err
	}
	parts := Split(train, 0.95, 0.05)
	return Splits{Train: parts[0], Dev: parts[1], Test: test}, nil
}

// uciFiles are the three sources of the UCI sentences, 1,000 each.
var uciFiles = []string{
	"sentiment labelled sentences/amazon_cells_labelled.txt",
	"sentiment labelled sentences/imdb_labelled.txt",
	"sentiment labelled sentences/yelp_labelled.txt",
}

// convertUCI reads the UCI Sentiment Labelled Sentences, which come without
// splits: the three sources together are split 80/10/10.
func convertUCI(archive string) (Splits, error) {
	zr, err := zip.OpenReader(archive)
	if err != nil {
		return Splits{}, err
	}
	defer zr.Close()
	var rows []Row
	for _, name := range uciFiles {
		part, err := readMember(zr, name, "")
		if err != nil {
			return Splits{}, err
		}
		rows = append(rows, part...)
	}
	parts := Split(rows, 0.8, 0.1, 0.1)
	return Splits{Train: parts[0], Dev: parts[1], Test: parts[2]}, nil
}

// readMember reads the file name of fsys as tab-separated lines (see
// readTabbed).
func readMember(fsys fs.FS, name, header string) ([]Row, error) {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("the archive has no %s", name)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readTabbed(f, name, header)
}

// readTabbed reads lines of a text, a tab and a label 0 or 1, as GLUE and
// UCI write them: no quoting, so the last tab ends the text. Spaces around
// either are dropped and blank lines skipped. With a header, the first line
// must be it. Errors name the file and line.
func readTabbed(r io.Reader, name, header string) ([]Row, error) {
	sc := bufio.NewScanner(r)
	var rows []Row
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if line == 1 && header != "" {
			if s != header {
				return nil, fmt.Errorf("%s:1: header %q, want %q", name, s, header)
			}
			continue
		}
		if strings.TrimSpace(s) == "" {
			continue
		}
		tab := strings.LastIndexByte(s, '\t')
		if tab < 0 {
			return nil, fmt.Errorf("%s:%d: no tab before the label", name, line)
		}
		text, label := strings.TrimSpace(s[:tab]), strings.TrimSpace(s[tab+1:])
		switch {
		case label != "0" && label != "1":
			return nil, fmt.Errorf("%s:%d: label %q is not 0 or 1", name, line, label)
		case text == "":
			return nil, fmt.Errorf("%s:%d: empty text", name, line)
		}
		rows = append(rows, Row{text, label})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no rows", name)
	}
	return rows, nil
}

// convertIMDB reads the Large Movie Review Dataset: one file per review
// under aclImdb/{train,test}/{pos,neg}/. Its test split is test.csv, and
// dev.csv is 10% of its training split. The unlabelled reviews are skipped.
func convertIMDB(archive string) (Splits, error) {
	f, err := os.Open(archive)
	if err != nil {
		return Splits{}, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return Splits{}, err
	}
	reviews := map[string][]namedRow{}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Splits{}, err
		}
		split, label, ok := imdbReview(hdr)
		if !ok {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return Splits{}, fmt.Errorf("%s: %w", hdr.Name, err)
		}
		text := strings.TrimSpace(string(b))
		if text == "" {
			return Splits{}, fmt.Errorf("%s: empty review", hdr.Name)
		}
		reviews[split] = append(reviews[split], namedRow{hdr.Name, Row{text, label}})
	}
	for _, split := range []string{"train", "test"} {
		if len(reviews[split]) == 0 {
			return Splits{}, fmt.Errorf("the archive has no reviews in aclImdb/%s/pos or aclImdb/%s/neg", split, split)
		}
	}
	parts := Split(sortedRows(reviews["train"]), 0.9, 0.1)
	return Splits{Train: parts[0], Dev: parts[1], Test: sortedRows(reviews["test"])}, nil
}

// namedRow is a review and the archive member it came from.
type namedRow struct {
	name string
	Row
}

// imdbReview reports whether hdr is a labelled review, and its split and
// label. Cleaning the name accepts "./aclImdb/...", as some tar programs
// write it.
func imdbReview(hdr *tar.Header) (split, label string, ok bool) {
	parts := strings.Split(path.Clean(hdr.Name), "/")
	if hdr.Typeflag != tar.TypeReg || len(parts) != 4 || parts[0] != "aclImdb" ||
		(parts[1] != "train" && parts[1] != "test") || !strings.HasSuffix(parts[3], ".txt") {
		return "", "", false
	}
	label, ok = map[string]string{"neg": "0", "pos": "1"}[parts[2]]
	if !ok {
		return "", "", false
	}
	return parts[1], label, true
}

// sortedRows returns the rows in the order of their member names, so that
// the output does not depend on the order of the archive.
func sortedRows(named []namedRow) []Row {
	slices.SortFunc(named, func(a, b namedRow) int { return cmp.Compare(a.name, b.name) })
	rows := make([]Row, len(named))
	for i, n := range named {
		rows[i] = n.Row
	}
	return rows
}
