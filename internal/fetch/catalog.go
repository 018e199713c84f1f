package fetch

import (
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/rnnsent/rnnsent/internal/human"
)

// Dataset is a public data set that rnnsent can download by name.
type Dataset struct {
	Name    string // as given to "rnnsent data get"
	Texts   string // what the texts are, for listings
	URL     string // the official address of the archive
	Size    int64  // bytes of the archive
	SHA256  string // hex SHA-256 of the archive
	License string

	convert func(archive string) (Splits, error)
}

// Row is one labelled text.
type Row struct{ Text, Label string }

// Splits are the rows of the three output files.
type Splits struct{ Train, Dev, Test []Row }

// The checksums are those recorded by projects that pin these archives; see
// docs/data.md for where each was found.
var catalog = []Dataset{
	{
		Name:    "sst2",
		Texts:   "movie review phrases (GLUE SST-2)",
		URL:     "https://dl.fbaipublicfiles.com/glue/data/SST-2.zip",
		Size:    7_439_277,
		SHA256:  "d67e16fb55739c1b32cdce9877596db1c127dc322d93c082281f64057c16deaa",
		License: "none stated",
		convert: convertSST2,
	},
	{
		Name:    "imdb",
		Texts:   "movie reviews (Large Movie Review Dataset)",
		URL:     "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz",
		Size:    84_125_825,
		SHA256:  "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe",
		License: "none stated",
		convert: convertIMDB,
	},
	{
		Name:    "uci",
		Texts:   "product, film and restaurant review sentences (UCI)",
		URL:     "https://archive.ics.uci.edu/static/public/331/sentiment+labelled+sentences.zip",
		Size:    84_188,
		SHA256:  "afc26626d710899948693e1a61405dce197f57ffa719fa1130d346b4cc095343",
		License: "CC BY 4.0",
		convert: convertUCI,
	},
}

// All returns every data set, in listing order.
func All() []Dataset { return append([]Dataset(nil), catalog...) }

// Find returns the data set called name among datasets.
func Find(datasets []Dataset, name string) (Dataset, bool) {
	i := slices.IndexFunc(datasets, func(d Dataset) bool { return d.Name == name })
	if i < 0 {
		return Dataset{}, false
	}
	return datasets[i], true
}

// Completions are the names of datasets as a shell completes them, each
// with what its texts are after a tab, which zsh and fish show beside it.
func Completions(datasets []Dataset) []string {
	var names []string
	for _, d := range datasets {
		names = append(names, d.Name+"\t"+d.Texts)
	}
	return names
}

// Names lists the names of datasets as "a, b or c", for messages.
func Names(datasets []Dataset) string {
	names := make([]string, len(datasets))
	for i, d := range datasets {
		names[i] = d.Name
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// FromMirror returns d fetched from the folder at base instead: the same
// archive file name, the same checksum. A mirror serves the official files
// from elsewhere, such as a local cache or, in tests, a test server.
func (d Dataset) FromMirror(base string) Dataset {
	d.URL = strings.TrimSuffix(base, "/") + "/" + d.archiveName()
	return d
}

// Address is the archive's address as messages show it: a mirror's
// password, as in https://user:secret@cache/, shown as "xxxxx", since the
// line goes to terminals and build logs (net/http's errors hide it so too).
func (d Dataset) Address() string {
	u, err := url.Parse(d.URL)
	if err != nil {
		return d.URL
	}
	return u.Redacted()
}

// CheckMirror refuses a base address FromMirror cannot make a download of:
// one that is not the http or https address of a folder. The download
// would fail only after saying it had begun, in net/url's words
// (`parse "http://[::1/...": missing ']' in host`), or print a newline
// the address holds.
func CheckMirror(base string) error {
	u, err := url.Parse(base)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.RawQuery == "" && !u.ForceQuery && u.Fragment == "" {
		return nil
	}
	return fmt.Errorf("must be the http:// or https:// address of a folder, got %q", base)
}

// WriteFiles writes what Get wrote, as data get prints it: a line per
// file with its number of texts.
func WriteFiles(w io.Writer, files []File) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range files {
		fmt.Fprintf(tw, "wrote %s\t%s\n", human.Cell(f.Path), human.Count(f.Rows, "text", "texts"))
	}
	return tw.Flush()
}

// archiveName is the file name of the archive: the last element of its
// address, which FromMirror keeps. No address in the catalogue has a query.
func (d Dataset) archiveName() string { return path.Base(d.URL) }

// WriteList writes the data sets as data list prints them: a table of
// name, texts, size, licence and source.
func WriteList(w io.Writer, datasets []Dataset) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "name\ttexts\tsize\tlicence\tsource")
	for _, d := range datasets {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.Name, d.Texts, human.DownloadSize(d.Size), d.License, d.URL)
	}
	return tw.Flush()
}
