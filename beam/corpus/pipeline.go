package corpus

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/rnnsent/rnnsent/internal/metrics"
	"github.com/rnnsent/rnnsent/internal/predict"
)

// Remote workers find the DoFns, and the types they pass, by these
// registrations, and run them without reflection.
func init() {
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(row), func(deadLetter), error](&readFn{})
	register.DoFn4x1[context.Context, row, func(answer), func(deadLetter), error](&labelFn{})
	register.DoFn3x0[answer, func(string), func(deadLetter)](&formatFn{})
	register.DoFn1x2[string, int, string](&shardFn{})
	register.DoFn3x1[context.Context, int, func(*string) bool, error](&writeShardFn{})
	register.DoFn2x1[context.Context, metrics.Tally, error](&reportFn{})
	register.Combiner2[metrics.Tally, answer](&tallyFn{})
	register.Function2x2(deadLine)
	register.Emitter1[row]()
	register.Emitter1[answer]()
	register.Emitter1[deadLetter]()
	register.Emitter1[string]()
	register.Iter1[string]()
}

// What a job counts, to say at its end what it did.
var (
	labelled    = beam.NewCounter("rnnsent", "labelled")
	deadLetters = beam.NewCounter("rnnsent", "dead_letters")
)

// Counts are what a job did: texts labelled (or scored) and rows set aside
// as dead letters.
type Counts struct {
	Labelled, DeadLetters int64
}

// CountsOf reads the counts of a finished job from its result; a runner
// that reports no metrics gives zeros.
func CountsOf(r beam.PipelineResult) Counts {
	var c Counts
	if r == nil {
		return c
	}
	mine := r.Metrics().Query(func(m beam.MetricResult) bool { return m.Namespace() == "rnnsent" })
	for _, n := range mine.Counters() {
		switch n.Name() {
		case "labelled":
			c.Labelled += n.Result()
		case "dead_letters":
			c.DeadLetters += n.Result()
		}
	}
	return c
}

// Build adds the job o describes to s; p is the model, loaded by Check,
// whose classes name the answers.
func Build(s beam.Scope, o Options, p *predict.Predictor) error {
	var matches []beam.PCollection
	for _, glob := range o.Inputs {
		matches = append(matches, fileio.MatchFiles(s, glob))
	}
	// The bytes as stored: rnnsent's readers tell gzip by its first bytes,
	// whatever the name, and a damaged stream in rnnsent predict's words,
	// where Beam's reader, going by the name, said "unexpected EOF".
	files := fileio.ReadMatches(s, beam.Flatten(s, matches...), fileio.ReadUncompressed())
	rows, badRows := beam.ParDo2(s, &readFn{Options: o}, files)
	// A file is read by one worker; the reshuffle spreads its rows over all
	// of them, so that one large file is labelled in parallel.
	rows = beam.Reshuffle(s, rows)
	sum, err := Fingerprint(p)
	if err != nil {
		return err
	}
	answers, unlabelled := beam.ParDo2(s, &labelFn{Model: o.Model, Sum: sum, BatchSize: o.BatchSize, Eval: o.Eval}, rows)
	dead := []beam.PCollection{badRows, unlabelled}
	if o.Eval {
		tally := beam.Combine(s, &tallyFn{Classes: len(p.Labels())}, answers)
		beam.ParDo0(s, &reportFn{File: ReportFile(o.Output), Model: p.Name, Data: o.names(), Names: p.Names()}, tally)
	} else {
		header, err := Header(o.OutputFormat, p.Names())
		if err != nil {
			return err
		}
		lines, unwritable := beam.ParDo2(s, &formatFn{Format: o.OutputFormat, Names: p.Names()}, answers)
		writeShards(s.Scope("answers"), lines, o.Output, "."+o.OutputFormat, header, o.Shards)
		dead = append(dead, unwritable)
	}
	deadLines := beam.ParDo(s, deadLine, beam.Flatten(s, dead...))
	writeShards(s.Scope("dead letters"), deadLines, DeadLetters(o.Output), ".jsonl", "", o.Shards)
	return nil
}

// writeShards writes lines to shards files named after prefix; a shard
// with no lines is not written.
func writeShards(s beam.Scope, lines beam.PCollection, prefix, ext, header string, shards int) {
	keyed := beam.ParDo(s, &shardFn{Shards: shards}, lines)
	beam.ParDo0(s, &writeShardFn{Prefix: prefix, Ext: ext, Header: header, Shards: shards}, beam.GroupByKey(s, keyed))
}
