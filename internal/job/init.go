package job

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/rnnsent/rnnsent/internal/builtin"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/fileerr"
	"github.com/rnnsent/rnnsent/internal/framed"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
)

// What Options.Init may name besides a model file.
const (
	// InitAuto starts from the built-in model when the network has its
	// shape and the data has its classes, negative and positive, among
	// its own, and from scratch otherwise: what the built-in model says
	// of negative and positive is no start for classes it never read. On
	// the binary sets it gained 2.6 to 6.7 points; on the 3-class airline
	// tweets +0.3 ± 0.6 over five deals of 5 folds once its output layer
	// carried negative and positive over (-0.1 ± 0.9 on one before). On
	// the built-in model's own training data it starts from scratch too:
	// that is the built-in model's recipe, which must not start from
	// itself, and training twice on the same texts is no transfer (GLUE
	// SST-2: 85.1% and 85.7%, against 85.6% and 85.8% from scratch).
	InitAuto    = "auto"
	InitBuiltin = "builtin"
	InitNone    = "none"
)

// initial is the network a run starts from.
type initial struct {
	from string // builtin.Name or the file
	sum  string // SHA-256 of the model file
	// file is the model file as read, nil for the built-in model. An
	// ensemble's resume file holds it for the networks still to start:
	// the file may be replaced meanwhile, as by the run itself when it
	// fine-tunes that model in place (--init m.gob --model m.gob).
	file          *model.Checkpoint
	net           *model.Model[float32]
	words, labels []string
}

// loadInitial reads the network that init names for a network of cfg
// trained on data of the given labels and SHA-256: nil for none, and for
// InitAuto when the built-in model's shape is not cfg, its classes are not
// among the labels', or it was trained on that data.
func loadInitial(init string, cfg model.Config, labels []string, dataSum string) (*initial, error) {
	if init == "" || init == InitNone {
		return nil, nil
	}
	var c *model.Checkpoint
	var sum string
	var err error
	if init == InitAuto || init == InitBuiltin {
		if c, err = model.DecodeBytes(builtin.Checkpoint); err != nil {
			return nil, fileerr.Wrap(builtin.Name, err)
		}
	} else if c, sum, err = decodeFile(init); err != nil {
		return nil, fileerr.Wrap(init, fmt.Errorf("%w; --init takes a model file, builtin, auto or none", err))
	}
	return initialFrom(init, c, sum, cfg, labels, dataSum)
}

// initialFrom is loadInitial's network from c, the model init names,
// whose file has the SHA-256 sum ("" for the built-in model).
func initialFrom(init string, c *model.Checkpoint, sum string, cfg model.Config, labels []string, dataSum string) (*initial, error) {
	in := &initial{from: builtin.Name, sum: sum}
	if init != InitAuto && init != InitBuiltin {
		in.from, in.file = init, c
	}
	nets := c.Networks()
	if len(nets) != 1 {
		return nil, fileerr.At(in.from, 0, "an ensemble of %d networks; a run starts from one network", len(nets))
	}
	err := startable(in.from, cfg, c.Config)
	if init == InitAuto && (err != nil || !hasClasses(labels, c.Labels) || trainedOn(c, dataSum)) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if in.sum == "" {
		// Hashed only when used: a run that starts from scratch under
		// InitAuto should not pay for it (25 ms).
		sum := sha256.Sum256(builtin.Checkpoint)
		in.sum = hex.EncodeToString(sum[:])
	}
	if in.net, err = model.FromCheckpoint[float32](c); err != nil {
		return nil, fileerr.Wrap(in.from, err)
	}
	in.words, in.labels = c.Vocab, c.Labels
	return in, nil
}

// startable says why the network of src, from the model named from, cannot
// start a run of the network of cfg.
func startable(from string, cfg, src model.Config) error {
	if err := cfg.CarriesOver(src); err != nil {
		return fileerr.At(from, 0, "cannot start this run: %v", err)
	}
	return nil
}

// CheckNet checks what the settings alone decide of a run's network cfg,
// whose Vocab and Classes the data gives and may be placeholders, before
// any data is read: the settings its architecture has no use for, its
// limits, and that the built-in model can start it when init names it.
func CheckNet(cfg model.Config, init string) error {
	if err := cmp.Or(archSettings(cfg), netSizes(cfg)); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil || init != InitBuiltin {
		return err
	}
	c, err := model.DecodeBytes(builtin.Checkpoint)
	if err != nil {
		return fileerr.Wrap(builtin.Name, err)
	}
	return startable(builtin.Name, cfg, c.Config)
}

// netSizes refuses, in the words of train's flags, a size beyond the most
// a model may hold, which cfg.Validate tells in the model's words
// ("hidden size must be ..."), naming no flag to change.
func netSizes(cfg model.Config) error {
	switch {
	case cfg.Arch != model.ArchBOW && cfg.Layers > model.MaxLayers:
		return fmt.Errorf("--layers must be between 1 and %d, got %d", model.MaxLayers, cfg.Layers)
	case cfg.Embed > model.MaxWidth:
		return fmt.Errorf("--embed-dim must be between 1 and %d, got %d", model.MaxWidth, cfg.Embed)
	case cfg.Hidden > model.MaxWidth:
		return fmt.Errorf("--hidden must be between 1 and %d, got %d", model.MaxWidth, cfg.Hidden)
	case cfg.Subwords > model.MaxVocab:
		return fmt.Errorf("--subword-buckets must be between 0 and %d, got %d", model.MaxVocab, cfg.Subwords)
	}
	return nil
}

// archSettings refuses, in the words of train's flags, a setting of cfg
// that its architecture would ignore, and a recurrent network's pooling
// that it cannot do.
func archSettings(cfg model.Config) error {
	bow := cfg.Arch == model.ArchBOW
	switch {
	case bow && cfg.Layers != 1:
		return errors.New("--layers does not apply to --arch bow, which has no recurrent layers")
	case bow && cfg.Bidirectional:
		return errors.New("--bidirectional does not apply to --arch bow, which reads no order")
	case bow && cfg.Cell != model.CellLSTM:
		return errors.New("--cell does not apply to --arch bow, which has no recurrent cells")
	case bow && cfg.Pool != "":
		return errors.New("--pool does not apply to --arch bow, which averages its embeddings")
	case !bow && model.ValidatePool(cfg.Pool) != nil:
		return fmt.Errorf("--pool: %w", model.ValidatePool(cfg.Pool))
	}
	return nil
}

// decodeFile decodes the model file at path and hashes it. Decode refuses a
// file that is not a model without reading it all.
func decodeFile(path string) (*model.Checkpoint, string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", errors.New("no such file")
	}
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	h := sha256.New()
	r := bufio.NewReader(io.TeeReader(f, h))
	magic, _ := r.Peek(len(framed.ResumeMagic))
	c, err := model.Decode(r)
	if err != nil {
		return nil, "", predict.NotModel(err, string(magic))
	}
	if _, err := io.Copy(h, f); err != nil {
		return nil, "", err
	}
	return c, hex.EncodeToString(h.Sum(nil)), nil
}

// startFrom sets m's weights to in's where they carry over.
func (in *initial) startFrom(m *model.Model[float32], words, labels []string) error {
	return model.Transfer(m, in.net, words, in.words, classesFrom(labels, in.labels))
}

// trainedOn reports whether the model of c was trained on the data whose
// SHA-256 is dataSum.
func trainedOn(c *model.Checkpoint, dataSum string) bool {
	r, ok := ReadRecord(c)
	return ok && r.DataSHA256 == dataSum
}

// classesFrom returns the index of each of labels' classes among src's, or
// -1, matching the classes by their classKey.
func classesFrom(labels, src []string) []int {
	srcKeys := classKeys(src)
	from := make([]int, len(labels))
	for k, key := range classKeys(labels) {
		from[k] = slices.Index(srcKeys, key)
	}
	return from
}

// classKeys names labels' classes as rnnsent shows them ("0" and "1" are
// negative and positive), in lower case, with the sentiment a name
// stands for spelt out: data labelled pos and neg is data of the built-in
// model's classes too.
func classKeys(labels []string) []string {
	keys := dataset.DisplayNames(labels)
	for i, k := range keys {
		if keys[i] = dataset.Polarity(k); keys[i] == "" {
			keys[i] = strings.ToLower(k)
		}
	}
	return keys
}

// hasClasses reports whether every class of src is among labels'.
func hasClasses(labels, src []string) bool {
	keys := classKeys(labels)
	for _, k := range classKeys(src) {
		if !slices.Contains(keys, k) {
			return false
		}
	}
	return true
}
