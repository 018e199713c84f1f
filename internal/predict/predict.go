// Package predict loads a model, from its file or the built-in one, and
// runs texts through it: the one way eval, predict, check and every later
// caller label text. A Predictor reads text exactly as its model was
// trained to, with the checkpoint's vocabulary, tokenizer rules and
// maximum length.
package predict

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"sync"

	"github.com/rnnsent/rnnsent/internal/builtin"
	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/fileerr"
	"github.com/rnnsent/rnnsent/internal/framed"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// Predictor is a model ready to label texts.
type Predictor struct {
	// Model is every network of the checkpoint, whose answers it averages:
	// an ensemble of one for a checkpoint of one network.
	Model      *model.Ensemble[float32]
	Vocab      *tokenize.Vocab
	Checkpoint *model.Checkpoint
	// Name is how messages name the model: its file, or builtin.Name.
	Name string
	// Builtin is set for the built-in model.
	Builtin bool
}

// Load loads the model file at path or, for "", the built-in model. Every
// error names the file.
func Load(path string) (*Predictor, error) {
	// What loading allocates, a model file's bytes above all, stays live: a
	// collection meanwhile finds nothing to free, yet a new process starts
	// one as soon as its heap passes 4 MB, which a default-sized model file
	// does alone, for half a millisecond of CPU. Put off, it comes when the
	// process next allocates enough, if ever: in 15 of 40 runs of "rnnsent
	// predict" with such a file. The setting is the process's, so loads
	// take turns.
	collecting.Lock()
	defer collecting.Unlock()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	if path == "" {
		p, err := fromCheckpoint(model.DecodeBytes(builtin.Checkpoint))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", builtin.Name, err)
		}
		p.Name, p.Builtin = builtin.Name, true
		return p, nil
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fileerr.At(path, 0, "no such file; train a model with \"rnnsent train\" or name one with --model")
		}
		return nil, fileerr.Wrap(path, err)
	}
	defer f.Close()
	var p *Predictor
	data, magic := readModelFile(f)
	if data != nil {
		p, err = fromCheckpoint(model.DecodeBytes(data))
	} else {
		p, err = Decode(bufio.NewReader(f))
	}
	if err != nil {
		return nil, fileerr.Wrap(path, NotModel(err, magic))
	}
	p.Name = path
	return p, nil
}

// readModelFile reads f whole, with one read into a buffer of its size, if
// it is a regular file that begins like a model: a model's weights then
// live in that buffer as they are (format version 3), with no buffer grown
// and copied on the way to it, which took a third of a prediction with a
// 4 MB model. It returns nil for anything else, which Decode reads as it
// comes and refuses without reading it all, and the magic a regular file
// begins with, so that a caller can say what it was given instead.
func readModelFile(f *os.File) (data []byte, magic string) {
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() > 1<<31 {
		return nil, ""
	}
	var head [len(model.Magic)]byte
	if _, err := io.ReadFull(f, head[:]); err != nil || string(head[:]) != model.Magic {
		f.Seek(0, io.SeekStart)
		return nil, string(head[:])
	}
	data = modelBuffer(int(info.Size()))
	copy(data, head[:])
	if _, err := io.ReadFull(f, data[len(head):]); err != nil {
		f.Seek(0, io.SeekStart)
		return nil, string(head[:])
	}
	return data, string(head[:])
}

// NotModel is err, the error of reading as a model a file that begins
// with magic, or, where that file is something the model's reader takes
// for no checkpoint at all but its first bytes tell, what it is: the
// resume file of an interrupted run, or a model compressed (m.gob.gz) to
// be copied.
func NotModel(err error, magic string) error {
	if !errors.Is(err, model.ErrNotCheckpoint) {
		return err
	}
	if magic == framed.ResumeMagic {
		return errors.New("not a model but the resume file of an interrupted training run; rnnsent train --resume goes on with it")
	}
	if what, undo := csvread.Compression([]byte(magic)); what != "" {
		return fmt.Errorf("%s, not a model file; decompress it first (%s)", what, undo)
	}
	return err
}

// collecting serializes the loads that turn the garbage collector off.
var collecting sync.Mutex

// Decode reads a model file from r and rebuilds its model. A checkpoint made
// with other tokenizer rules is refused: its ids would mean other words.
func Decode(r io.Reader) (*Predictor, error) {
	return fromCheckpoint(model.Decode(r))
}

// fromCheckpoint rebuilds the model of c, which decoding returned with err.
func fromCheckpoint(c *model.Checkpoint, err error) (*Predictor, error) {
	if err != nil {
		return nil, err
	}
	vocab, err := Vocab(c)
	if err != nil {
		return nil, err
	}
	m, err := model.EnsembleFromCheckpoint[float32](c)
	if err != nil {
		return nil, err
	}
	return &Predictor{Model: m, Vocab: vocab, Checkpoint: c}, nil
}

// Vocab rebuilds the vocabulary of c, which reads text as c's model was
// trained to. A checkpoint made with other tokenizer rules is refused: its
// ids would mean other words.
func Vocab(c *model.Checkpoint) (*tokenize.Vocab, error) {
	if c.TokenizerVersion != tokenize.Version && c.TokenizerVersion != tokenize.StemmingVersion {
		return nil, fmt.Errorf("the model was trained with tokenizer version %d, this rnnsent reads versions %d and %d; train it again",
			c.TokenizerVersion, tokenize.Version, tokenize.StemmingVersion)
	}
	vocab, err := tokenize.NewVocab(c.Vocab)
	if err != nil {
		return nil, fmt.Errorf("checkpoint vocabulary: %w", err)
	}
	vocab.SetStemUnknown(c.TokenizerVersion == tokenize.StemmingVersion)
	vocab.SetSubwords(c.Config.Subwords > 0)
	return vocab, nil
}

// Labels are the model's classes in class order, as its training file
// spelled them.
func (p *Predictor) Labels() []string { return p.Checkpoint.Labels }

// Names are the display names of the model's classes, in class order.
func (p *Predictor) Names() []string { return dataset.DisplayNames(p.Checkpoint.Labels) }

// Encode turns text into the ids the model reads; Release gives back what
// they hold.
func (p *Predictor) Encode(text string) []int {
	return p.Vocab.EncodeText(text, p.Checkpoint.MaxLen)
}

// EncodeAll encodes every text; Release gives back what the ids hold.
func (p *Predictor) EncodeAll(texts []string) [][]int {
	seqs := make([][]int, len(texts))
	for i, t := range texts {
		seqs[i] = p.Encode(t)
	}
	return seqs
}

// Texts returns every text's class probabilities, in order, running up to
// batch texts of similar length at a time.
func (p *Predictor) Texts(texts []string, batch int) ([][]float64, error) {
	seqs := p.EncodeAll(texts)
	defer p.Release(seqs)
	return p.Seqs(seqs, batch)
}

// Release gives back the words outside the vocabulary that the ids of
// Encode, EncodeAll or Read hold for reading through their n-grams (see
// tokenize.Release), so that a long-running process holds only those of
// the texts in hand; seqs must not be used after it.
func (p *Predictor) Release(seqs [][]int) {
	for _, s := range seqs {
		p.Vocab.Release(s)
	}
}

// Seqs is Texts for texts already encoded.
func (p *Predictor) Seqs(seqs [][]int, batch int) ([][]float64, error) {
	return model.PredictAll(p.Model, seqs, batch)
}

// Read returns the tokens the model reads of text, the last MaxLen of
// them or a lone <unk> for a text with none, and their ids; Release gives
// back what the ids hold.
func (p *Predictor) Read(text string) (tokens []string, ids []int) {
	all := tokenize.TokenizeTail(text, p.Checkpoint.MaxLen)
	ids = p.Vocab.Encode(all, p.Checkpoint.MaxLen)
	if len(all) == 0 {
		return []string{tokenize.UnkToken}, ids
	}
	return all[len(all)-len(ids):], ids
}

// TraceLen is how many steps Trace gives for text, without running the
// model: one per token it reads, or one for a text with none.
func (p *Predictor) TraceLen(text string) int {
	return max(1, len(tokenize.TokenizeTail(text, p.Checkpoint.MaxLen)))
}

// Step is the model's answer after one token of a text, as if the text
// ended there.
type Step struct {
	Token   string
	Unknown bool // not in the vocabulary: the model read <unk>
	Probs   []float64
}

// Trace returns the answer after each token of text, over the tokens the
// model reads: the last MaxLen of them, or a lone <unk> for a text with
// none. The last step is the answer to the whole text.
func (p *Predictor) Trace(text string) ([]Step, error) {
	kept, ids := p.Read(text)
	defer p.Vocab.Release(ids)
	probs, err := p.Model.Trace(ids)
	if err != nil {
		return nil, err
	}
	steps := make([]Step, len(ids))
	for i, id := range ids {
		steps[i] = Step{Token: kept[i], Unknown: id == tokenize.UnkID, Probs: probs[i]}
	}
	return steps, nil
}
