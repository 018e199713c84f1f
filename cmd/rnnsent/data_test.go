package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rnnsent/rnnsent/internal/fetch"
	"github.com/rnnsent/rnnsent/internal/human"
)

// uciZip is a small stand-in for the UCI archive: ten made-up sentences
// under the archive's own file names.
func uciZip(t *testing.T) []byte {
	t.Helper()
	files := map[string]string{
		"amazon_cells_labelled.txt": "Charger broke at once.\t0\nSound is crisp.\t1\nScreen scratches easily.\t0\n",
		"imdb_labelled.txt":         "Gripping to the end.\t1\nThe dialogue is wooden.\t0\nA lovely score.\t1\n",
		"yelp_labelled.txt":         "Rude waiter.\t0\nFresh bread daily.\t1\nCold fries.\t0\nGreat coffee.\t1\n",
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create("sentiment labelled sentences/" + name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// serveArchive serves body under the file name of the official address.
func serveArchive(t *testing.T, name string, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/"+name {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func uciDataset(t *testing.T) fetch.Dataset {
	for _, d := range fetch.All() {
		if d.Name == "uci" {
			return d
		}
	}
	t.Fatal("no uci data set")
	return fetch.Dataset{}
}

func TestDataGetWritesCSVFilesAndSaysWhere(t *testing.T) {
	archive := uciZip(t)
	srv := serveArchive(t, "sentiment+labelled+sentences.zip", archive)
	d := uciDataset(t)
	sum := sha256.Sum256(archive)
	d.SHA256, d.Size = hex.EncodeToString(sum[:]), int64(len(archive))

	dir := filepath.Join(t.TempDir(), "sets")
	var out, errOut bytes.Buffer
	opts := &DataGetOptions{IO: &IOStreams{Out: &out, ErrOut: &errOut}, Datasets: []fetch.Dataset{d},
		Mirror: srv.URL, Name: "uci", Dir: dir}
	if err := runDataGet(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if want := "downloading " + srv.URL + "/sentiment+labelled+sentences.zip (" + human.DownloadSize(d.Size) + ")\n"; errOut.String() != want {
		t.Errorf("stderr %q, want %q", errOut.String(), want)
	}
	p := filepath.Join(dir, "uci")
	want := "wrote " + filepath.Join(p, "train.csv") + "  8 texts\n" +
		"wrote " + filepath.Join(p, "dev.csv") + "    1 text\n" +
		"wrote " + filepath.Join(p, "test.csv") + "   1 text\n"
	if out.String() != want {
		t.Errorf("stdout\n%s\nwant\n%s", out.String(), want)
	}
	// The files are rnnsent's CSV: eval and train read them.
	for _, name := range []string{"train.csv", "dev.csv", "test.csv"} {
		b, err := os.ReadFile(filepath.Join(p, name))
		if err != nil || !strings.HasPrefix(string(b), "text,label\n") {
			t.Errorf("%s: %q, %v; want a CSV file with a header", name, b, err)
		}
	}
}

func TestDataGetFromAWrongMirrorLeavesNothing(t *testing.T) {
	// The mirror serves an archive other than the official one, smaller,
	// so it can never be the archive whatever its checksum.
	archive := uciZip(t)
	srv := serveArchive(t, "sentiment+labelled+sentences.zip", archive)
	t.Setenv(mirrorEnv, srv.URL)
	dir := t.TempDir()

	got := runCLI(t, "", "data", "get", "uci", "--dir", filepath.Join(dir, "data"))
	want := "downloading " + srv.URL + "/sentiment+labelled+sentences.zip (84 kB)\n" +
		fmt.Sprintf("rnnsent: uci: download from %s/sentiment+labelled+sentences.zip: the server sent %d of the %d bytes of the archive; the download may be damaged, or the mirror wrong\n",
			srv.URL, len(archive), uciDataset(t).Size)
	if got.code != exitError || got.stderr != want || got.stdout != "" {
		t.Errorf("exit status %d, stdout %q, stderr\n%q\nwant 1, nothing and\n%q", got.code, got.stdout, got.stderr, want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%d files left behind", len(entries))
	}
}

func TestDataUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no name", []string{"data", "get"}, "rnnsent data get needs one data set name (sst2, imdb or uci), got 0 arguments"},
		{"two names", []string{"data", "get", "sst2", "imdb"}, "rnnsent data get needs one data set name (sst2, imdb or uci), got 2 arguments"},
		{"unknown name", []string{"data", "get", "mnist"}, `unknown data set "mnist"; choose sst2, imdb or uci (see rnnsent data list)`},
		// Worded unlike every other flag's, "--dir must name a folder".
		{"empty dir", []string{"data", "get", "uci", "--dir", ""}, `--dir must be a folder name, got ""`},
		{"unknown subcommand", []string{"data", "fetch"}, `unknown command "fetch" for rnnsent data; choose get or list`},
		{"argument to list", []string{"data", "list", "sst2"}, `rnnsent data list takes no arguments, got "sst2"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", tt.args...)
			if want := "rnnsent: " + tt.want + "\n"; got.code != exitUsage || got.stderr != want {
				t.Errorf("exit status %d, stderr %q; want 2 and %q", got.code, got.stderr, want)
			}
		})
	}
}

func TestDataListShowsEveryDataSet(t *testing.T) {
	got := runCLI(t, "", "data", "list")
	want := `name  texts                                                size     licence      source
sst2  movie review phrases (GLUE SST-2)                    7.4 MB   none stated  https://dl.fbaipublicfiles.com/glue/data/SST-2.zip
imdb  movie reviews (Large Movie Review Dataset)           84.1 MB  none stated  https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz
uci   product, film and restaurant review sentences (UCI)  84 kB    CC BY 4.0    https://archive.ics.uci.edu/static/public/331/sentiment+labelled+sentences.zip
`
	if got.code != exitOK || got.stdout != want {
		t.Errorf("exit status %d, stdout\n%s\nwant\n%s", got.code, got.stdout, want)
	}
}

func TestDataSubcommandsHaveExamples(t *testing.T) {
	for _, args := range [][]string{{"data"}, {"data", "get"}, {"data", "list"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			got := runCLI(t, "", append(args, "--help")...)
			if got.code != exitOK || !strings.Contains(got.stdout, "Examples:\n  rnnsent ") {
				t.Errorf("exit status %d, help without examples:\n%s", got.code, got.stdout)
			}
		})
	}
}

func TestDataGetCompletesNames(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"first argument", []string{"__complete", "data", "get", ""},
			"sst2\tmovie review phrases (GLUE SST-2)\nimdb\tmovie reviews (Large Movie Review Dataset)\n" +
				"uci\tproduct, film and restaurant review sentences (UCI)\n:4\n"},
		{"nothing after the name", []string{"__complete", "data", "get", "sst2", ""}, ":4\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runCLI(t, "", tt.args...); got.stdout != tt.want {
				t.Errorf("got %q, want %q", got.stdout, tt.want)
			}
		})
	}
}

// TestDataGetRefusesAMirrorThatIsNotAnAddress: each said it was
// downloading, then failed in net/url's words (`parse "http://[::1/...":
// missing ']' in host`, `unsupported protocol scheme ""`), and a newline
// in the address split the "downloading" line in two.
func TestDataGetRefusesAMirrorThatIsNotAnAddress(t *testing.T) {
	for _, tt := range []struct{ name, mirror string }{
		{"a path", "mirror/data"},
		{"another scheme", "ftp://mirror.example.org/data"},
		{"a file address", "file:///srv/data"},
		{"an address that does not parse", "http://[::1"},
		{"a newline", "http://mirror\n.example.org"},
		{"a query", "http://mirror.example.org/get?file="},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(mirrorEnv, tt.mirror)
			dir := t.TempDir()
			got := runCLI(t, "", "data", "get", "uci", "--dir", filepath.Join(dir, "data"))
			want := fmt.Sprintf("rnnsent: RNNSENT_DATA_MIRROR must be the http:// or https:// address of a folder, got %q\n", tt.mirror)
			if got.code != exitUsage || got.stderr != want {
				t.Errorf("exit status %d, stderr %q; want 2 and %q", got.code, got.stderr, want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("%d files left behind", len(entries))
			}
		})
	}
}
