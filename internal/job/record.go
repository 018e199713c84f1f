package job

import (
	"encoding/json"

	"github.com/rnnsent/rnnsent/internal/model"
)

// Record says how a model was trained. The model file carries it as JSON
// (model.Checkpoint.About), for people and for servers that show it.
type Record struct {
	DataFile        string  `json:"data_file"`
	DataSHA256      string  `json:"data_sha256"`
	DevFile         string  `json:"dev_file,omitempty"` // empty when validation was split off the training data
	DevSHA256       string  `json:"dev_sha256,omitempty"`
	TextCol         string  `json:"text_col"`
	LabelCol        string  `json:"label_col"`
	ValSplit        float64 `json:"val_split,omitempty"` // share of DataFile held out for validation when there is no DevFile
	SkipBadRows     bool    `json:"skip_bad_rows,omitempty"`
	VocabReserved   bool    `json:"vocab_reserved,omitempty"` // the vocabulary holds dataset.ReservedWords
	AugmentNegation int     `json:"augment_negation"`
	// NegationForms are the forms of the negated twins; absent for "not"
	// alone, the one form of models trained before the others.
	NegationForms   []string `json:"negation_forms,omitempty"`
	NegationTwins   int      `json:"negation_twins,omitempty"` // the most twins a text got; absent for one in every form
	AugmentContrast int      `json:"augment_contrast"`
	// ContrastForms are the forms of the contrast examples; absent for
	// "but" alone, the one form of models trained before the others.
	ContrastForms  []string `json:"contrast_forms,omitempty"`
	SubwordBuckets int      `json:"subword_buckets,omitempty"` // rows of the n-gram table; 0 without subwords
	SubwordWords   bool     `json:"subword_words,omitempty"`   // the vocabulary's words read through their n-grams too
	// InitFrom is the model whose weights the networks started from
	// (Options.Init), absent from scratch; InitSHA256 its file's hash.
	InitFrom   string `json:"init_from,omitempty"`
	InitSHA256 string `json:"init_sha256,omitempty"`
	Seed       uint64 `json:"seed"`
	Epochs     int    `json:"epochs"`               // epochs run; by every network of an ensemble together
	BestEpoch  int    `json:"best_epoch,omitempty"` // the epoch kept; 0 for an ensemble, whose networks keep one each
	// BestValAccuracy is the validation accuracy of the model kept; an
	// ensemble's is that of its averaged probabilities.
	BestValAccuracy float64  `json:"best_val_accuracy"`
	Created         string   `json:"created"` // RFC 3339
	Args            []string `json:"args,omitempty"`
	// Ensemble is how many networks the run trains, network i from seed
	// Seed+i.
	Ensemble int `json:"ensemble"`
	// Members records each network of an ensemble that the model holds, in
	// order; nil for a single network, which the fields above describe.
	Members []MemberRecord `json:"members,omitempty"`
}

// MemberRecord says how one network of an ensemble was trained.
type MemberRecord struct {
	Seed            uint64  `json:"seed"` // initial weights, batch order and dropout
	Epochs          int     `json:"epochs"`
	BestEpoch       int     `json:"best_epoch"`
	BestValAccuracy float64 `json:"best_val_accuracy"`
}

// Networks is how many networks the run trains.
func (r *Record) Networks() int { return max(r.Ensemble, 1) }

// ReadRecord returns the record a model file carries; ok is false for a
// model that carries none, such as one written before records were JSON.
func ReadRecord(c *model.Checkpoint) (r Record, ok bool) {
	if c.About == nil {
		return Record{}, false
	}
	return r, json.Unmarshal(c.About, &r) == nil
}

func (r *Record) json() []byte {
	b, err := json.Marshal(r)
	if err != nil {
		panic("job: a Record always encodes: " + err.Error())
	}
	return b
}
