package job

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/human"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/train"
)

// ErrTooBig is the error of a run that would need more memory than the
// machine has for it, or write a model file larger than any loader reads:
// refused before it allocates, rather than killed, ended by Go's
// out-of-memory crash, or ending in a model no command can load, an hour
// in.
type ErrTooBig struct {
	Need, Limit int64 // bytes
	Source      string
	File        bool // the model file, not memory
	Ensemble    bool // the run trains several networks, which the memory holds
}

func (e *ErrTooBig) Error() string {
	if e.File {
		// In bytes: a run just past the bound is "1.0 GiB" both sides.
		return fmt.Sprintf("the model file would take at least %s bytes, more than the %s (%s) a model file may hold, so that no command could load it; train a smaller model (--subword-buckets, --embed-dim, --hidden, --vocab-size, --ensemble)",
			human.Commas(int(e.Need)), human.Commas(int(e.Limit)), human.Size(e.Limit))
	}
	flags := "--hidden, --embed-dim, --batch-size, --max-len"
	if e.Ensemble {
		// A million networks of eight units fit no machine, and the
		// flags of one network's size are not what to change.
		flags = "--ensemble, " + flags
	}
	return fmt.Sprintf("training needs about %s of memory, more than the %s %s; train a smaller model (%s) or set --max-memory to try anyway",
		human.Size(e.Need), human.Size(e.Limit), e.Source, flags)
}

// checkSize refuses a run that would not fit: in memory, or in a model
// file the loaders read.
func checkSize(cfg model.Config, o Options, words []string, trainSet, val dataset.Set) error {
	if err := checkMemory(cfg, o, trainSet, val); err != nil {
		return err
	}
	return checkFileSize(cfg, o, words)
}

// checkFileSize refuses a run whose model file the loaders would refuse:
// the weights of its networks, four bytes each, and the words of its
// vocabulary, beyond model.MaxPayload. The file holds more besides, so a
// run this refuses could never be loaded, and one it lets through near the
// bound may still be refused by the loader itself.
func checkFileSize(cfg model.Config, o Options, words []string) error {
	need := int64(cfg.NumParams()) * 4 * int64(max(o.Ensemble, 1))
	for _, w := range words {
		need += int64(len(w))
	}
	if need > model.MaxPayload {
		return &ErrTooBig{Need: need, Limit: model.MaxPayload, File: true}
	}
	return nil
}

// estimate is the peak memory of training a network of cfg with o on the
// sets train and val, in bytes, on the high side: the weights with their
// gradients (one copy per shard), Adam's moments, the moving average and
// the copies a save makes; the activations of a batch of the longest
// texts, and of a validation batch; the encoded data; and the collector's
// headroom (GC target 25%).
func estimate(cfg model.Config, o Options, trainSet, val dataset.Set) int64 {
	const float = 4
	P := int64(cfg.NumParams())
	// A batch holds at most every training example, however large
	// --batch-size is.
	batch := min(o.Train.BatchSize, trainSet.Len())
	S := int64(train.Shards(batch))
	copies := 1 + S + 2 + 3 // weights, gradients per shard, Adam's m and v, best weights, a save's tensors and payload
	if o.Train.Average > 0 {
		copies++
	}
	weights := P * float * copies
	weights += P * float * 2 * int64(o.Ensemble-1) // finished members, as held and as written
	longest := 0
	for _, q := range trainSet.Seqs {
		longest = max(longest, len(q))
	}
	H, D := int64(cfg.Hidden), int64(max(cfg.Embed, cfg.Hidden*2))
	G := int64(map[string]int{model.CellLSTM: 4, model.CellGRU: 3, model.CellRNN: 1}[cfg.Cell])
	dirs := int64(1)
	if cfg.Bidirectional {
		dirs = 2
	}
	var act int64
	if cfg.Arch == model.ArchRecurrent {
		tokens := int64(batch) * int64(longest)
		perToken := dirs * (4*G*H + 8*H + 3*D)                             // forward's saved gates and states, backward's gradients, each layer's input
		act = int64(cfg.Layers) * (tokens*perToken + S*dirs*G*H*H) * float // and each shard's transposed recurrent weights
		act += int64(cfg.Layers) * 2048 * dirs * (3*G*H + 4*H) * float     // a validation batch (model.PredictAll's token bound)
	}
	data := int64(trainSet.Tokens()+val.Tokens())*8 + int64(trainSet.Len()+val.Len())*48
	const runtime = 64 << 20
	return (weights+act+data)*5/4 + runtime
}

// MemoryLimit is what the process may use: the cgroup's limit or the
// memory the system has available, whichever is smaller, and where it
// comes from; 0 when neither can be read.
func MemoryLimit() (int64, string) {
	var limit int64
	source := ""
	for _, path := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if b, err := os.ReadFile(path); err == nil {
			if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && n < 1<<60 {
				limit, source = n, "this process's control group allows"
				break
			}
		}
	}
	if avail := memAvailable(); avail > 0 && (limit == 0 || avail < limit) {
		limit, source = avail, "the system has available"
	}
	return limit, source
}

// memAvailable is MemAvailable of /proc/meminfo in bytes; 0 when unknown.
func memAvailable() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemAvailable:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// checkMemory refuses a run whose estimate exceeds o.MaxMemory, or the
// machine's limit when o.MaxMemory is 0.
func checkMemory(cfg model.Config, o Options, trainSet, val dataset.Set) error {
	need := estimate(cfg, o, trainSet, val)
	limit, source := o.MaxMemory, "allowed"
	if limit == 0 {
		limit, source = MemoryLimit()
	}
	if limit > 0 && need > limit {
		return &ErrTooBig{Need: need, Limit: limit, Source: source, Ensemble: o.Ensemble > 1}
	}
	return nil
}
