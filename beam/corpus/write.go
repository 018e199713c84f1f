package corpus

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/rnnsent/rnnsent/internal/stream"
)

// idColumns are the input id of each answer, by which answers rejoin their
// inputs.
var idColumns = []string{"file", "line"}

// formatFn writes each answer as one line of JSON or CSV, through the
// writers of rnnsent predict, so that the answers read as its answers do.
type formatFn struct {
	Format string
	Names  []string

	buf bytes.Buffer
	w   stream.Writer
}

// newWriter is the writer of format into buf, begun: the CSV header it
// writes is in buf.
func newWriter(format string, names []string, buf *bytes.Buffer) (stream.Writer, error) {
	w := stream.NewJSONWriter(buf, names)
	if format == CSV {
		w = stream.NewCSVWriter(buf, names)
	}
	if err := w.Begin(&stream.Source{Header: idColumns}); err != nil {
		return nil, err
	}
	return w, w.Flush()
}

// Header is the first line of every shard of answers in format, if any.
func Header(format string, names []string) (string, error) {
	var buf bytes.Buffer
	_, err := newWriter(format, names, &buf)
	return strings.TrimSuffix(buf.String(), "\n"), err
}

func (f *formatFn) Setup() error {
	w, err := newWriter(f.Format, f.Names, &f.buf)
	f.w = w
	return err
}

func (f *formatFn) ProcessElement(a answer, emit func(string), dead func(deadLetter)) {
	line := strconv.Itoa(a.Line)
	rec := stream.Record{Row: []string{a.File, line}}
	if f.Format == JSONL {
		rec = stream.Record{Object: []stream.Member{{Name: "file", Value: jsonString(a.File)}, {Name: "line", Value: json.RawMessage(line)}}}
	}
	f.buf.Reset()
	err := f.w.Write(&stream.Answer{Record: rec, Probs: a.Probs})
	if err == nil {
		err = f.w.Flush()
	}
	if err != nil {
		// A model whose weights went NaN answers what JSON cannot hold.
		dead(deadLetter{File: a.File, Line: a.Line, Reason: err.Error()})
		return
	}
	emit(strings.TrimSuffix(f.buf.String(), "\n"))
}

// jsonString encodes s as every JSON rnnsent writes does, leaving <, >
// and & as they are.
func jsonString(s string) json.RawMessage {
	var buf bytes.Buffer
	stream.WriteJSON(&buf, s)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// deadLine writes a dead letter as a line of JSON.
func deadLine(ctx context.Context, d deadLetter) (string, error) {
	deadLetters.Inc(ctx, 1)
	var buf bytes.Buffer
	err := stream.WriteJSON(&buf, d)
	return strings.TrimSuffix(buf.String(), "\n"), err
}

// shardFn spreads lines over Shards shards by their hash: the same line
// lands in the same shard however the job is cut into bundles.
type shardFn struct {
	Shards int
}

func (f *shardFn) ProcessElement(line string) (int, string) {
	h := fnv.New32a()
	h.Write([]byte(line))
	return int(h.Sum32() % uint32(f.Shards)), line
}

// writeShardFn writes each shard's lines to its own file, after Header if
// there is one.
type writeShardFn struct {
	Prefix, Ext, Header string
	Shards              int
}

func (f *writeShardFn) ProcessElement(ctx context.Context, shard int, lines func(*string) bool) error {
	name := ShardName(f.Prefix, shard, f.Shards, f.Ext)
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return err
	}
	defer fs.Close()
	wc, err := fs.OpenWrite(ctx, name)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(wc, 1<<20)
	if f.Header != "" {
		w.WriteString(f.Header)
		w.WriteByte('\n')
	}
	var line string
	for lines(&line) {
		w.WriteString(line)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		wc.Close()
		return err
	}
	// Closing commits the file on object stores.
	return wc.Close()
}
