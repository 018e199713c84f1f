package fetch

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
	"github.com/rnnsent/rnnsent/internal/fsfault"
)

// member is a file of a test archive.
type member struct{ name, body string }

func zipArchive(t *testing.T, members ...member) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.Create(m.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(m.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tarGzArchive writes the members in the order given, each with its folders
// before it, as tar does.
func tarGzArchive(t *testing.T, members ...member) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	dirs := map[string]bool{}
	for _, m := range members {
		for d := filepath.Dir(m.name); d != "." && !dirs[d]; d = filepath.Dir(d) {
			dirs[d] = true
			tw.WriteHeader(&tar.Header{Name: d + "/", Typeflag: tar.TypeDir, Mode: 0o755})
		}
		tw.WriteHeader(&tar.Header{Name: m.name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(m.body))})
		tw.Write([]byte(m.body))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The fixtures: short reviews made up for these tests, laid out as in the
// real archives, with the quirks the converters must handle.
func sst2Archive(t *testing.T) []byte {
	var train strings.Builder
	train.WriteString("sentence\tlabel\n")
	for i, text := range []string{
		"a quietly devastating film ", "flat , lifeless staging ", "the cast sparkles ",
		"an hour too long ", "funny and warm ", "never finds its rhythm ", "a small marvel ",
		"the jokes land with a thud ", "gorgeous to look at ", "a muddled , noisy mess ",
		"honest , sharp writing ", "it drags ", "a triumph ", "tedious beyond words ",
		"tender and wise ", "all style , no heart ", "a rare treat ", "plodding ",
		"sly and clever ", "it 's a chore ",
	} {
		train.WriteString(text + "\t" + []string{"1", "0"}[i%2] + "\n")
	}
	return zipArchive(t,
		member{"SST-2/dev.tsv", "sentence\tlabel\nit 's not bad at all , really .\t1\nthe plot , however , is a wreck .\t0\n"},
		member{"SST-2/original/README.txt", "not read\n"},
		member{"SST-2/test.tsv", "index\tsentence\n0\tno labels here .\n"},
		member{"SST-2/train.tsv", train.String()},
	)
}

func uciArchive(t *testing.T) []byte {
	dir := "sentiment labelled sentences/"
	return zipArchive(t,
		member{dir + "amazon_cells_labelled.txt",
			"Battery died in a week.\t0\nWorks great, \"highly\" recommend.\t1\nCase cracked on day one.\t0\nFits perfectly.\t1\n"},
		member{dir + "imdb_labelled.txt",
			"A slow, aimless film.  \t0\r\nThe acting was superb.  \t1\r\nI walked out.  \t0\r\nA joy to watch.  \t1\r\n"},
		member{dir + "readme.txt", "not read\n"},
		member{dir + "yelp_labelled.txt",
			"The soup was cold.\t0\nFriendly staff\tand quick service.\t1\nNever again.\t0\nBest tacos in town!\t1\n\n"},
		member{"__MACOSX/" + dir + "._yelp_labelled.txt", "\x00\x05\x16\x07"},
	)
}

func imdbArchive(t *testing.T) []byte {
	return tarGzArchive(t,
		member{"aclImdb/README", "not read\n"},
		member{"aclImdb/imdb.vocab", "the\nfilm\n"},
		member{"aclImdb/test/neg/0_2.txt", "Dull from start to finish."},
		member{"aclImdb/test/pos/0_10.txt", "A masterpiece.<br /><br />See it twice."},
		member{"aclImdb/train/neg/0_3.txt", "The plot makes no sense, and the ending is worse.\n"},
		member{"aclImdb/train/neg/1_1.txt", "Two hours I will never get back."},
		member{"aclImdb/train/neg/2_4.txt", "Wooden acting, \"clever\" twists that are not."},
		member{"aclImdb/train/pos/0_9.txt", "Funny, moving and beautifully shot."},
		member{"aclImdb/train/pos/1_8.txt", "The lead gives the performance of her career."},
		member{"aclImdb/train/pos/2_7.txt", "Better than the book."},
		member{"aclImdb/train/unsup/0_0.txt", "Unlabelled, so not read."},
		member{"aclImdb/train/urls_pos.txt", "http://www.imdb.com/title/tt0000000/usercomments\n"},
	)
}

// served returns the data set name as served from a test server with the
// given archive, under the official file name and with its true checksum.
func served(t *testing.T, name string, archive []byte) Dataset {
	t.Helper()
	i := slices.IndexFunc(All(), func(d Dataset) bool { return d.Name == name })
	if i < 0 {
		t.Fatalf("no data set %q", name)
	}
	d := All()[i]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/"+d.archiveName() {
			http.NotFound(w, r)
			return
		}
		w.Write(archive)
	}))
	t.Cleanup(srv.Close)
	sum := sha256.Sum256(archive)
	d.SHA256 = hex.EncodeToString(sum[:])
	d.Size = int64(len(archive))
	return d.FromMirror(srv.URL)
}

func readDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestGetConvertsEachDataSet(t *testing.T) {
	tests := []struct {
		name    string
		archive func(*testing.T) []byte
		want    map[string]string // file → contents
	}{
		{
			name:    "sst2",
			archive: sst2Archive,
			want: map[string]string{
				"train.csv": "text,label\n" +
					"a quietly devastating film,1\n\"flat , lifeless staging\",0\nthe cast sparkles,1\n" +
					"an hour too long,0\nfunny and warm,1\nnever finds its rhythm,0\na small marvel,1\n" +
					"the jokes land with a thud,0\ngorgeous to look at,1\n\"a muddled , noisy mess\",0\n" +
					"\"honest , sharp writing\",1\nit drags,0\na triumph,1\ntedious beyond words,0\n" +
					"tender and wise,1\n\"all style , no heart\",0\na rare treat,1\n" +
					"plodding,0\nit 's a chore,0\n",
				"dev.csv":  "text,label\nsly and clever,1\n",
				"test.csv": "text,label\n\"it 's not bad at all , really .\",1\n\"the plot , however , is a wreck .\",0\n",
			},
		},
		{
			name:    "uci",
			archive: uciArchive,
			want: map[string]string{
				"train.csv": "text,label\n" +
					"Battery died in a week.,0\n\"Works great, \"\"highly\"\" recommend.\",1\nCase cracked on day one.,0\n" +
					"Fits perfectly.,1\n\"A slow, aimless film.\",0\nThe acting was superb.,1\nA joy to watch.,1\n" +
					"The soup was cold.,0\nNever again.,0\nBest tacos in town!,1\n",
				"dev.csv":  "text,label\nFriendly staff\tand quick service.,1\n",
				"test.csv": "text,label\nI walked out.,0\n",
			},
		},
		{
			name:    "imdb",
			archive: imdbArchive,
			want: map[string]string{
				"train.csv": "text,label\n" +
					"\"The plot makes no sense, and the ending is worse.\",0\nTwo hours I will never get back.,0\n" +
					"\"Wooden acting, \"\"clever\"\" twists that are not.\",0\n\"Funny, moving and beautifully shot.\",1\n" +
					"Better than the book.,1\n",
				"dev.csv":  "text,label\nThe lead gives the performance of her career.,1\n",
				"test.csv": "text,label\nDull from start to finish.,0\nA masterpiece.<br /><br />See it twice.,1\n",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := served(t, tt.name, tt.archive(t))
			dir := filepath.Join(t.TempDir(), "data", tt.name)
			var done, total int64
			files, err := Get(context.Background(), d, dir, Options{Progress: func(d, t int64) { done, total = d, t }})
			if err != nil {
				t.Fatal(err)
			}
			if done != d.Size || total != d.Size {
				t.Errorf("progress ended at %d of %d bytes, want %d of %d", done, total, d.Size, d.Size)
			}
			var paths []string
			for _, f := range files {
				paths = append(paths, f.Path)
				got, err := os.ReadFile(f.Path)
				if err != nil {
					t.Fatal(err)
				}
				name := filepath.Base(f.Path)
				if string(got) != tt.want[name] {
					t.Errorf("%s:\n got %q\nwant %q", name, got, tt.want[name])
				}
				if want := strings.Count(tt.want[name], "\n") - 1; f.Rows != want {
					t.Errorf("%s: %d rows reported, want %d", name, f.Rows, want)
				}
			}
			wantPaths := []string{filepath.Join(dir, "train.csv"), filepath.Join(dir, "dev.csv"), filepath.Join(dir, "test.csv")}
			if !slices.Equal(paths, wantPaths) {
				t.Errorf("wrote %q, want %q", paths, wantPaths)
			}
			if got := readDir(t, dir); !slices.Equal(got, []string{"dev.csv", "test.csv", "train.csv"}) {
				t.Errorf("%s holds %q, want the three CSV files alone", dir, got)
			}
		})
	}
}

func TestGetFailsCleanly(t *testing.T) {
	good := uciArchive(t)
	badRows := zipArchive(t, member{uciFiles[0], "Fine.\t1\n"}, member{uciFiles[1], "No label here\n"}, member{uciFiles[2], "Ok.\t0\n"})
	big := bytes.Repeat([]byte("an archive of 8 MB "), 8<<20/19)
	tests := []struct {
		name    string
		serve   []byte // what the server sends
		expect  []byte // the archive whose checksum the data set records
		url     string // the path asked for, if not the archive's
		limit   uint64 // the bytes a file may hold, as a full disk allows; 0 for no limit
		wantErr string // SERVED, EXPECTED, URL and DIR stand for the checksums, the address and the folder
	}{
		{
			name:    "corrupted download",
			serve:   append(append(bytes.Clone(good[:100]), good[100]^1), good[101:]...),
			expect:  good,
			wantErr: "uci: checksum mismatch: got SERVED, want EXPECTED; the download may be damaged, try again",
		},
		{
			name:    "a server that sends more than the archive",
			serve:   append(bytes.Clone(good), make([]byte, 1<<20)...),
			expect:  good,
			wantErr: "uci: download from URL: the server sent more than the SIZE bytes of the archive; the download may be damaged, or the mirror wrong",
		},
		{
			name:    "missing file",
			serve:   good,
			expect:  good,
			url:     "/elsewhere.zip",
			wantErr: "uci: download from URL: 404 Not Found",
		},
		{
			name:    "archive not as expected",
			serve:   badRows,
			expect:  badRows,
			wantErr: "uci: sentiment labelled sentences/imdb_labelled.txt:1: no tab before the label",
		},
		{
			// The message named the hidden temporary file and blamed the
			// download.
			name:    "a disk with no room for the archive",
			serve:   big,
			expect:  big,
			limit:   4 << 20,
			wantErr: "uci: cannot write DIR: file too large",
		},
		{
			name:    "member missing",
			serve:   zipArchive(t, member{uciFiles[0], "Fine.\t1\n"}),
			expect:  zipArchive(t, member{uciFiles[0], "Fine.\t1\n"}),
			wantErr: "uci: the archive has no sentiment labelled sentences/imdb_labelled.txt",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := served(t, "uci", tt.serve)
			sum := sha256.Sum256(tt.expect)
			d.SHA256, d.Size = hex.EncodeToString(sum[:]), int64(len(tt.expect))
			if tt.url != "" {
				d.URL = d.URL[:strings.LastIndex(d.URL, "/")] + tt.url
			}
			parent := t.TempDir()
			restore := func() {}
			if tt.limit > 0 {
				restore = fsfault.LimitFileSize(t, tt.limit)
			}
			files, err := Get(context.Background(), d, filepath.Join(parent, "data", "uci"), Options{})
			restore()
			served := sha256.Sum256(tt.serve)
			want := strings.NewReplacer(
				"DIR", filepath.Join(parent, "data", "uci"),
				"SERVED", abbrev(hex.EncodeToString(served[:])),
				"EXPECTED", abbrev(d.SHA256),
				"URL", d.URL,
				"SIZE", strconv.Itoa(len(tt.expect)),
			).Replace(tt.wantErr)
			if err == nil || err.Error() != want {
				t.Fatalf("error %v, want %q", err, want)
			}
			if files != nil {
				t.Errorf("files %v, want none", files)
			}
			if got := readDir(t, parent); len(got) != 0 {
				t.Errorf("left %q behind", got)
			}
		})
	}
}

// TestGetStartsOnceTheFolderIsMade: a folder where test.csv would go was
// found only after the download, and a folder that could not be made was
// told in mkdir's words ("uci: mkdir full/data: read-only file system").
func TestGetStartsOnceTheFolderIsMade(t *testing.T) {
	file := filepath.Join(t.TempDir(), "reviews.csv")
	if err := os.WriteFile(file, []byte("text,label\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	blocked := filepath.Join(t.TempDir(), "uci")
	if err := os.MkdirAll(filepath.Join(blocked, "test.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		dir     string
		wantErr string // "" when the download starts
	}{
		{"a folder to make", filepath.Join(t.TempDir(), "data", "uci"), ""},
		{"a file where the folder would go", filepath.Join(file, "data", "uci"),
			fmt.Sprintf("uci: cannot write %s/data/uci: %q is not a directory", file, file)},
		{"a file at the folder", file, fmt.Sprintf("uci: cannot write %s: %q is not a directory", file, file)},
		{"a folder where test.csv would go", blocked, fmt.Sprintf("uci: cannot write %s/test.csv: it is a directory", blocked)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			started := false
			_, err := Get(context.Background(), served(t, "uci", uciArchive(t)), tt.dir, Options{Started: func() { started = true }})
			got := ""
			if err != nil {
				got = err.Error()
			}
			if started != (tt.wantErr == "") || got != tt.wantErr {
				t.Errorf("started %v, error %q; want %q", started, got, tt.wantErr)
			}
		})
	}
}

func TestChecksumMismatchIsAChecksumError(t *testing.T) {
	d := served(t, "uci", uciArchive(t))
	d.SHA256 = strings.Repeat("0", 64)
	_, err := Get(context.Background(), d, t.TempDir(), Options{})
	var ce *ChecksumError
	if !errors.As(err, &ce) || ce.Want != d.SHA256 || len(ce.Got) != 64 {
		t.Errorf("error %v, want a *ChecksumError with both sums", err)
	}
}

// TestGetKeepsWhatWasThereBefore fails downloads into a folder that holds
// an earlier download's files: a failure at test.csv removed the train.csv
// and dev.csv that had just replaced the old ones.
func TestGetKeepsWhatWasThereBefore(t *testing.T) {
	old := map[string]string{"train.csv": "text,label\nold,1\n", "dev.csv": "text,label\nold dev,0\n"}
	tests := []struct {
		name  string
		get   func(t *testing.T) Dataset // the data set to get, and the fault
		limit uint64                     // the bytes a file may hold while Get runs; 0 for no limit
	}{
		{"a checksum mismatch", func(t *testing.T) Dataset {
			d := served(t, "uci", uciArchive(t))
			d.SHA256 = strings.Repeat("0", 64)
			return d
		}, 0},
		{"no room for test.csv, written last", func(t *testing.T) Dataset {
			// SST-2's test.csv is GLUE's dev.tsv: one long review of 8 MB,
			// 8 kB zipped, makes it the one file over the limit.
			long := strings.Repeat("a long review ", 600_000)
			return served(t, "sst2", zipArchive(t,
				member{"SST-2/train.tsv", "sentence\tlabel\ngood\t1\nbad\t0\nfine\t1\n"},
				member{"SST-2/dev.tsv", "sentence\tlabel\n" + long + "\t1\n"}))
		}, 4 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range old {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			d, restore := tt.get(t), func() {}
			if tt.limit > 0 {
				restore = fsfault.LimitFileSize(t, tt.limit)
			}
			_, err := Get(context.Background(), d, dir, Options{})
			restore()
			if err == nil {
				t.Fatal("no error")
			}
			if got := readDir(t, dir); !slices.Equal(got, []string{"dev.csv", "train.csv"}) {
				t.Errorf("%s holds %q, want the old files alone", dir, got)
			}
			for name, want := range old {
				if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != want {
					t.Errorf("old %s now holds %q", name, got)
				}
			}
		})
	}
}

// TestGetKeepsAFileItReplaced: when dev.csv cannot replace the earlier
// download's, train.csv has already replaced its own; Get's clean-up
// removed it, and with it the earlier download's train.csv.
func TestGetKeepsAFileItReplaced(t *testing.T) {
	dir := t.TempDir()
	old := map[string]string{"train.csv": "text,label\nold,1\n", "dev.csv": "text,label\nold dev,0\n", "test.csv": "text,label\nold test,0\n"}
	for name, content := range old {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	commits := 0
	opt := Options{commit: func(p *atomicfile.Pending) error {
		if commits++; commits == 2 {
			p.Discard()
			return errors.New("cannot write dev.csv: input/output error")
		}
		return p.Commit()
	}}
	_, err := Get(context.Background(), served(t, "uci", uciArchive(t)), dir, opt)
	if want := "uci: cannot write dev.csv: input/output error; train.csv written before it, in full, the other files as they were"; err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	if got := readDir(t, dir); !slices.Equal(got, []string{"dev.csv", "test.csv", "train.csv"}) {
		t.Errorf("%s holds %q, want the three files alone", dir, got)
	}
	if train, _ := os.ReadFile(filepath.Join(dir, "train.csv")); string(train) == old["train.csv"] || !strings.HasPrefix(string(train), "text,label\n") {
		t.Errorf("train.csv holds %q, want the new download's", train)
	}
	for _, name := range []string{"dev.csv", "test.csv"} {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != old[name] {
			t.Errorf("%s now holds %q, want the earlier download's", name, got)
		}
	}
}

func TestGetInterrupted(t *testing.T) {
	d := served(t, "uci", uciArchive(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	parent := t.TempDir()
	_, err := Get(ctx, d, filepath.Join(parent, "uci"), Options{})
	if want := "uci: download interrupted; nothing was written"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	if got := readDir(t, parent); len(got) != 0 {
		t.Errorf("left %q behind", got)
	}
}

func TestFromMirrorKeepsTheFileName(t *testing.T) {
	tests := []struct {
		name, base, want string
	}{
		{"sst2", "http://localhost:8080/cache", "http://localhost:8080/cache/SST-2.zip"},
		{"imdb", "https://mirror.example.org/data/", "https://mirror.example.org/data/aclImdb_v1.tar.gz"},
		{"uci", "file-server", "file-server/sentiment+labelled+sentences.zip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := slices.IndexFunc(All(), func(d Dataset) bool { return d.Name == tt.name })
			if got := All()[i].FromMirror(tt.base).URL; got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestGetGivesUpOnADeadServerButNotOnASlowOne serves the archive in the
// ways a real server can fail: never answering, answering then stopping,
// and trickling slowly but steadily, which must succeed however long it
// takes in all.
func TestGetGivesUpOnADeadServerButNotOnASlowOne(t *testing.T) {
	archive := uciArchive(t)
	timeouts := Timeouts{Connect: time.Second, Answer: 300 * time.Millisecond, Stall: time.Second}
	tests := []struct {
		name    string
		serve   func(w http.ResponseWriter, r *http.Request)
		wantErr string // URL stands for the address
	}{
		{"never answers", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			"uci: download from URL: no answer within 300ms"},
		{"stops sending", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(len(archive)))
			w.Write(archive[:len(archive)/2])
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}, "uci: download from URL: no data for 1s; the server stopped sending"},
		{"trickles", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(len(archive)))
			for chunk := range slices.Chunk(archive, len(archive)/16+1) {
				w.Write(chunk)
				w.(http.Flusher).Flush()
				time.Sleep(100 * time.Millisecond) // 1.6 s in all, more than any one timeout
			}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(tt.serve))
			defer srv.Close()
			d := served(t, "uci", archive)
			d = d.FromMirror(srv.URL)
			parent := t.TempDir()
			start := time.Now()
			files, err := Get(context.Background(), d, filepath.Join(parent, "uci"), Options{Timeouts: timeouts})
			if tt.wantErr == "" {
				if err != nil || len(files) != 3 {
					t.Fatalf("files %v, error %v; want the three files", files, err)
				}
				return
			}
			if want := strings.ReplaceAll(tt.wantErr, "URL", d.URL); err == nil || err.Error() != want {
				t.Fatalf("error %v, want %q", err, want)
			}
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("gave up after %v", took)
			}
			if got := readDir(t, parent); len(got) != 0 {
				t.Errorf("left %q behind", got)
			}
		})
	}
}

// TestMessagesHideTheMirrorsPassword: a mirror's address with a password
// was shown whole, in the downloading line and in every failure's message,
// which go to terminals and build logs.
func TestMessagesHideTheMirrorsPassword(t *testing.T) {
	tests := []struct {
		name  string
		serve http.HandlerFunc
		want  string // URL stands for the address with the password hidden
	}{
		{"not found", http.NotFound, "uci: download from URL: 404 Not Found"},
		{"more than the archive", func(w http.ResponseWriter, r *http.Request) {
			w.Write(make([]byte, 2*len(uciArchive(t))))
		}, "uci: download from URL: the server sent more than the "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.serve)
			defer srv.Close()
			d := served(t, "uci", uciArchive(t))
			d = d.FromMirror(strings.Replace(srv.URL, "http://", "http://reader:secret@", 1))
			hidden := strings.Replace(d.URL, "reader:secret@", "reader:xxxxx@", 1)
			if got := d.Address(); got != hidden {
				t.Errorf("Address() = %q, want %q", got, hidden)
			}
			_, err := Get(context.Background(), d, filepath.Join(t.TempDir(), "uci"), Options{})
			if want := strings.ReplaceAll(tt.want, "URL", hidden); err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("error %v, want it to begin %q", err, want)
			}
		})
	}
}

// TestGetSaysWhenTheArchiveComesShort: a connection cut in mid-download
// said "unexpected EOF", in Go's words, and a server that sent less than
// the archive and closed (a mirror serving another file) a checksum
// mismatch to try again, which would fail again the same way.
func TestGetSaysWhenTheArchiveComesShort(t *testing.T) {
	archive := uciArchive(t)
	tests := []struct {
		name  string
		serve http.HandlerFunc
		want  string // URL stands for the address, SIZE for the archive's
	}{
		{"the connection cut", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(len(archive)))
			w.Write(archive[:1000])
		}, "uci: download from URL: the connection closed after 1000 of the SIZE bytes of the archive; try again"},
		{"a shorter file", func(w http.ResponseWriter, r *http.Request) { w.Write(archive[:1000]) },
			"uci: download from URL: the server sent 1000 of the SIZE bytes of the archive; the download may be damaged, or the mirror wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.serve)
			defer srv.Close()
			d := served(t, "uci", archive).FromMirror(srv.URL)
			parent := t.TempDir()
			_, err := Get(context.Background(), d, filepath.Join(parent, "uci"), Options{})
			want := strings.NewReplacer("URL", d.URL, "SIZE", strconv.Itoa(len(archive))).Replace(tt.want)
			if err == nil || err.Error() != want {
				t.Fatalf("error %v, want %q", err, want)
			}
			if got := readDir(t, parent); len(got) != 0 {
				t.Errorf("left %q behind", got)
			}
		})
	}
}
