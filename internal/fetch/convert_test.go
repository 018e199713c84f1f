package fetch

import (
	"archive/tar"
	"slices"
	"strings"
	"testing"
)

func TestReadTabbed(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		header  string
		want    []Row
		wantErr string
	}{
		{"header and rows", "sentence\tlabel\ngood fun \t1\nawful\t0\n", "sentence\tlabel", []Row{{"good fun", "1"}, {"awful", "0"}}, ""},
		{"no header, CRLF, blank lines", "fine.  \t1  \r\n\r\nbad.\t0", "", []Row{{"fine.", "1"}, {"bad.", "0"}}, ""},
		{"the last tab ends the text", "a\tb\t1\n", "", []Row{{"a\tb", "1"}}, ""},
		{"wrong header", "text\tlabel\nx\t1\n", "sentence\tlabel", nil, `f.tsv:1: header "text\tlabel", want "sentence\tlabel"`},
		{"no tab", "x\t1\ny 0\n", "", nil, "f.tsv:2: no tab before the label"},
		{"label out of range", "x\t2\n", "", nil, `f.tsv:1: label "2" is not 0 or 1`},
		{"empty text", " \t1\n", "", nil, "f.tsv:1: empty text"},
		{"no rows", "sentence\tlabel\n", "sentence\tlabel", nil, "f.tsv: no rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readTabbed(strings.NewReader(tt.input), "f.tsv", tt.header)
			if gotErr := errString(err); gotErr != tt.wantErr {
				t.Fatalf("error %q, want %q", gotErr, tt.wantErr)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestIMDBReview(t *testing.T) {
	tests := []struct {
		name      string
		hdr       tar.Header
		wantSplit string
		wantLabel string
		wantOK    bool
	}{
		{"positive training review", tar.Header{Name: "aclImdb/train/pos/0_9.txt", Typeflag: tar.TypeReg}, "train", "1", true},
		{"negative test review", tar.Header{Name: "aclImdb/test/neg/12_2.txt", Typeflag: tar.TypeReg}, "test", "0", true},
		{"leading dot", tar.Header{Name: "./aclImdb/test/pos/3_8.txt", Typeflag: tar.TypeReg}, "test", "1", true},
		{"unlabelled review", tar.Header{Name: "aclImdb/train/unsup/0_0.txt", Typeflag: tar.TypeReg}, "", "", false},
		{"feature file", tar.Header{Name: "aclImdb/train/labeledBow.feat", Typeflag: tar.TypeReg}, "", "", false},
		{"folder", tar.Header{Name: "aclImdb/train/pos/", Typeflag: tar.TypeDir}, "", "", false},
		{"other split", tar.Header{Name: "aclImdb/dev/pos/1_9.txt", Typeflag: tar.TypeReg}, "", "", false},
		{"other root", tar.Header{Name: "imdb/train/pos/0_9.txt", Typeflag: tar.TypeReg}, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			split, label, ok := imdbReview(&tt.hdr)
			if split != tt.wantSplit || label != tt.wantLabel || ok != tt.wantOK {
				t.Errorf("got %q %q %v, want %q %q %v", split, label, ok, tt.wantSplit, tt.wantLabel, tt.wantOK)
			}
		})
	}
}
