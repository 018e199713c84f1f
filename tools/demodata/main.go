// Command demodata writes the demo data of rnnsent, data/reviews.csv and
// data/reviews-dev.csv, from the templates and word lists in this folder.
// The output is deterministic; run it from the module root after changing
// a template:
//
//	go run ./tools/demodata
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "demodata:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("demodata", flag.ContinueOnError)
	dir := fs.String("dir", "data", "output `directory`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	out, err := files()
	if err != nil {
		return err
	}
	for _, f := range out {
		path := filepath.Join(*dir, f.name)
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s: %d rows\n", path, f.rows)
	}
	return nil
}

// file is one of the files the generator writes, encoded.
type file struct {
	name string
	rows int
	data []byte
}

// files generates and encodes both files: the one source of what data/ must hold.
func files() ([]file, error) {
	train, dev, err := generate()
	if err != nil {
		return nil, err
	}
	var out []file
	for _, f := range []struct {
		name         string
		rows         []Row
		withCategory bool
	}{
		{trainFile, train, false},
		{devFile, dev, true},
	} {
		b, err := encode(f.rows, f.withCategory)
		if err != nil {
			return nil, err
		}
		out = append(out, file{f.name, len(f.rows), b})
	}
	return out, nil
}

const (
	trainFile = "reviews.csv"
	devFile   = "reviews-dev.csv"
)
