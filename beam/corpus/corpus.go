// Package corpus labels a corpus too large for one machine with an Apache
// Beam pipeline: it reads plain lines, CSV or JSON lines, each plain or
// gzip-compressed, from files or globs on any file system Beam knows
// (local, gs://, s3://), labels them
// with the project's predict package, a batch at a time in each worker,
// and writes the answers with the id of each input row (file and line),
// in shards; or, with Eval, scores a labelled CSV corpus into the report
// rnnsent eval --json prints. Rows that cannot be read or labelled go to a
// dead-letter output with their place and the reason, and the job goes
// on.
//
// The same pipeline runs in-process on prism and on Flink, Spark or
// Dataflow; docs/scale.md says how.
package corpus

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/rnnsent/rnnsent/internal/stream"
)

// Output formats.
const (
	JSONL = "jsonl"
	CSV   = "csv"
)

// Options are what a job reads, how it labels and where it writes.
type Options struct {
	Inputs       []string // files or globs, on any file system Beam knows
	Format       string   // stream.Auto, Lines, CSV or JSONL; Auto decides by each file's name
	TextCol      string   // CSV column or JSON field of the text
	LabelCol     string   // CSV column of the true label, with Eval
	Model        string   // a model file on any file system Beam knows; "" for the built-in model
	Output       string   // the prefix of every file written
	OutputFormat string   // JSONL or CSV
	Shards       int      // how many files the answers and the dead letters are each spread over
	BatchSize    int      // texts a worker labels together
	Eval         bool     // score labelled CSV instead of labelling
}

// Validate checks the options that need no file, so that a wrong flag is
// told apart from a missing input.
func (o Options) Validate() error {
	switch {
	case len(o.Inputs) == 0:
		return fmt.Errorf("name an input file or glob with --input")
	case slices.Contains(o.Inputs, ""):
		return fmt.Errorf(`--input must be a file or glob, got ""`)
	case o.Output == "":
		return fmt.Errorf("name the output prefix with --output")
	// A folder's files were named -00000-of-00004.jsonl, which a shell
	// command takes for an option, or .-00000-of-00004.jsonl, hidden.
	case strings.HasSuffix(o.Output, "/") || path.Base(o.Output) == "." || path.Base(o.Output) == "..":
		return fmt.Errorf("--output is the prefix of the files' names, as out/answers, not a folder; got %q", o.Output)
	case o.Shards < 1:
		return fmt.Errorf("--shards is %d, want at least 1", o.Shards)
	case o.BatchSize < 1:
		return fmt.Errorf("--batch-size is %d, want at least 1", o.BatchSize)
	case o.OutputFormat != JSONL && o.OutputFormat != CSV:
		return fmt.Errorf("--output-format is %q, want %s or %s", o.OutputFormat, JSONL, CSV)
	case o.Format != stream.Auto && o.Format != stream.Lines && o.Format != stream.CSV && o.Format != stream.JSONL:
		return fmt.Errorf("--format is %q, want %s, %s, %s or %s", o.Format, stream.Auto, stream.Lines, stream.CSV, stream.JSONL)
	case o.Eval && o.Format != stream.Auto && o.Format != stream.CSV:
		return fmt.Errorf("--eval reads labelled CSV, as rnnsent eval does; --format is %q", o.Format)
	// As rnnsent's: an empty name read as the reader's default column, and
	// a label column that is the text column scored each label as its own
	// text.
	case o.TextCol == "":
		return fmt.Errorf("--text-col must be a column name, got %q", o.TextCol)
	case o.Eval && (o.LabelCol == "" || o.LabelCol == o.TextCol):
		return fmt.Errorf("--label-col must be a column name other than --text-col's, got %q", o.LabelCol)
	}
	return nil
}

// format is the input format of the file called name.
func (o Options) format(name string) string {
	if o.Eval {
		return stream.CSV
	}
	return stream.FormatOf(name, o.Format)
}

// ShardName is the name of shard i of n of the files prefix and ext
// name.
func ShardName(prefix string, i, n int, ext string) string {
	return fmt.Sprintf("%s-%05d-of-%05d%s", prefix, i, n, ext)
}

// ShardPattern is the glob of the n shards of the files prefix and ext
// name.
func ShardPattern(prefix string, n int, ext string) string {
	return fmt.Sprintf("%s-*-of-%05d%s", prefix, n, ext)
}

// DeadLetters is the prefix of the dead-letter shards of a job writing to
// output.
func DeadLetters(output string) string { return output + ".dead" }

// ReportFile is where an eval job writes its report.
func ReportFile(output string) string { return output + ".eval.json" }
