package model

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync/atomic"

	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// Model is a network and the buffers of its last batch. It is not safe for
// concurrent use: one Model serves one goroutine.
type Model[T Float] struct {
	cfg    Config
	params []*Param[T]
	emb    *Param[T] // (V, E)
	sub    *Param[T] // (Subwords, E), nil without subwords
	scopeU *Param[T] // (E, R) U of the map x + xUVᵀ of a negated token's embedding; nil without Config.NegationRank
	scopeV *Param[T] // (E, R) V of that map, starting at zero
	scopeW *Param[T] // (D, 1) the scope task's unit, reading the top layer's state; nil without Config.ScopeLoss
	scopeB *Param[T] // (1, 1) its bias
	layers []*layer[T]
	bowW   *Param[T] // (E, H)
	bowB   *Param[T] // (1, H)
	denseW *Param[T] // (F, K), F = features()
	denseB *Param[T] // (1, K)

	// The last batch, saved by forward for backward.
	pk      packing
	x0      []T              // (N, E) embeddings of the batch's tokens
	masks   [][]T            // dropout masks, one per layer input (N, D); nil when not dropping
	dropped [][]T            // (N, D) storage for each layer's input after dropout
	inputs  [][]T            // (N, D) each layer's input after dropout: dropped[l], or the undropped input
	top     []T              // (N, D) the top recurrent layer's output, D = directions·H
	argmax  []int32          // (B, D) the row each unit's max pooling took
	mean    []T              // (B, E) bag of words: mean embedding
	feat    []T              // (B, F) the pooled states (bow: its hidden layer), in packed (sorted) order
	dense   []T              // (B, F) what the dense layer reads: feat after feature dropout, or feat itself
	logits  []T              // (B, K)
	dlogits []T              // (B, K)
	dfeat   []T              // (B, F)
	dtop    []T              // (N, D)
	dmean   []T              // (B, E)
	dx0     []T              // (N, E)
	scopes  []tokenize.Scope // (B) each sequence's negation scope, with Config.NegationRank or Config.ScopeLoss
	negRows []int            // the negated rows, in order
	negX    []T              // (n, E) their embeddings before the map
	negXU   []T              // (n, R) those times U
	negOut  []T              // (n, E) forward: xUVᵀ; backward: the gradient's parts
	negGV   []T              // (n, R) the gradient of the mapped embeddings times V
	scopeDZ []T              // (N) the scope task's gradient with respect to each row's logit

	words lexicon // what the network reads of its vocabulary's words
	// gramRow is (E): in forward a token's mean n-gram embedding, in
	// backward the share of its gradient that each of its n-grams gets.
	gramRow []T

	stop    *atomic.Bool // see SetStop
	threads int          // see SetThreads
}

// ErrStopped is returned by StepShard when its stop flag was set during the
// step: the step was abandoned part way, its gradients are meaningless, and
// the weights are as they were before it.
var ErrStopped = errors.New("model: step stopped")

// SetStop makes StepShard check stop between time steps and return
// ErrStopped soon after it is set, however large the network: a step of a
// wide network can take a minute, too long to wait for an interruption.
// Replicas made afterwards share the flag.
func (m *Model[T]) SetStop(stop *atomic.Bool) {
	m.stop = stop
	for _, l := range m.layers {
		for _, d := range l.dirs {
			d.stop = stop
		}
	}
}

// SetThreads sets how many goroutines each matrix product of the network
// may be shared among; n < 1 means runtime.GOMAXPROCS(0), the setting of a
// new network. A caller running several networks at once on the cores
// gives each a share of them. The answers are the same for every value.
// Replicas made afterwards take the setting.
func (m *Model[T]) SetThreads(n int) {
	m.threads = n
	for _, l := range m.layers {
		for _, d := range l.dirs {
			d.threads = n
		}
	}
}

// New builds a network of cfg for the vocabulary words, in id order, with
// Keras's initialization drawn from rng: embeddings uniform in ±0.05,
// Glorot-uniform input and dense weights, orthogonal recurrent weights,
// zero biases except the LSTM forget gate's 1. Only a network with
// Config.WordGrams or Config.NegationRank reads the words (see readWords);
// nil will do for others.
func New[T Float](cfg Config, words []string, rng *rand.Rand) (*Model[T], error) {
	m, err := build[T](cfg, nil)
	if err != nil {
		return nil, err
	}
	if m.words, err = readWords(cfg, words); err != nil {
		return nil, err
	}
	for _, p := range m.params {
		switch {
		case p == m.scopeV: // zero: a negated token reads as any other at first
		case p == m.emb || p == m.sub:
			for i := range p.W {
				p.W[i] = T(rng.Float64()*0.1 - 0.05)
			}
		case p.IsBias():
		case len(p.Name) > 2 && p.Name[len(p.Name)-2:] == "wh":
			orthogonal(p.W, p.Rows, p.Cols, rng)
		default:
			glorot(p.W, p.Rows, p.Cols, rng)
		}
	}
	if cfg.Arch == ArchRecurrent && cfg.Cell == CellLSTM {
		for _, l := range m.layers {
			for _, d := range l.dirs {
				for j := d.H; j < 2*d.H; j++ {
					d.bx.W[j] = 1
				}
			}
		}
	}
	return m, nil
}

// build allocates a zero network of cfg's shape, but for the weights given:
// param i uses weights[i] as its W where weights is not nil and weights[i]
// is not nil either.
func build[T Float](cfg Config, weights [][]T) (*Model[T], error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &Model[T]{cfg: cfg}
	byName := map[string]*Param[T]{}
	for i, s := range cfg.shapes() {
		p := &Param[T]{Name: s.Name, Rows: s.Rows, Cols: s.Cols}
		if weights != nil && weights[i] != nil {
			p.W = weights[i]
		} else {
			p.W = make([]T, s.Rows*s.Cols)
		}
		m.params = append(m.params, p)
		byName[s.Name] = p
	}
	m.emb, m.sub, m.scopeU, m.scopeV = byName["embedding"], byName["subword"], byName["scope.u"], byName["scope.v"]
	m.scopeW, m.scopeB = byName["scope.w"], byName["scope.b"]
	m.denseW, m.denseB = byName["dense.w"], byName["dense.b"]
	if cfg.Arch == ArchBOW {
		m.bowW, m.bowB = byName["bow.w"], byName["bow.b"]
		return m, nil
	}
	for l := 0; l < cfg.Layers; l++ {
		ly := &layer[T]{H: cfg.Hidden}
		for d := 0; d < cfg.directions(); d++ {
			p := fmt.Sprintf("l%d.%s.", l, [2]string{"fwd", "bwd"}[d])
			ly.dirs = append(ly.dirs, newDirection(cfg.Cell, cfg.gates(), byName[p+"wx"], byName[p+"wh"], byName[p+"bx"], byName[p+"bh"]))
		}
		m.layers = append(m.layers, ly)
	}
	return m, nil
}

// Replica returns a network that shares m's weights but has gradients and
// buffers of its own, so that several goroutines can each run StepShard on
// a part of one batch at the same time, as long as none changes the weights
// meanwhile.
func (m *Model[T]) Replica() *Model[T] {
	weights := make([][]T, len(m.params))
	for i, p := range m.params {
		weights[i] = p.W
	}
	r, err := build(m.cfg, weights)
	if err != nil {
		panic("model: a built network's config no longer validates: " + err.Error())
	}
	r.SetStop(m.stop)
	r.SetThreads(m.threads)
	r.words = m.words
	return r
}

// lexicon is what a network reads of its vocabulary's words besides their
// ids, by id.
type lexicon struct {
	grams [][]uint32           // each word's n-grams, with Config.WordGrams; none for <pad> and <unk>
	roles []tokenize.ScopeRole // each word's part in a negation's scope, with Config.NegationRank or Config.ScopeLoss
}

// readWords returns what a network of cfg reads of words, its vocabulary
// in id order: nothing for a network with none of Config.WordGrams,
// Config.NegationRank and Config.ScopeLoss, which reads ids alone. An
// ensemble's members share one result.
func readWords(cfg Config, words []string) (lexicon, error) {
	var lex lexicon
	scoped := cfg.NegationRank > 0 || cfg.ScopeLoss > 0
	if !cfg.WordGrams && !scoped {
		return lex, nil
	}
	if len(words) != cfg.Vocab {
		return lex, fmt.Errorf("a vocabulary of %d words for a network of %d", len(words), cfg.Vocab)
	}
	if cfg.WordGrams {
		lex.grams = make([][]uint32, len(words))
		for id, w := range words {
			if id != tokenize.PadID && id != tokenize.UnkID {
				lex.grams[id] = tokenize.Grams(w)
			}
		}
	}
	if scoped {
		lex.roles = make([]tokenize.ScopeRole, len(words))
		for id, w := range words {
			lex.roles[id] = tokenize.Role(w)
		}
	}
	return lex, nil
}

// negateForward maps the embedding x of every row of m.x0 that
// markNegated found negated to x + xUVᵀ, keeping x and xU for
// negateBackward.
func (m *Model[T]) negateForward() {
	E, R, n := m.cfg.Embed, m.cfg.NegationRank, len(m.negRows)
	m.negX, m.negXU, m.negOut = grow(m.negX, n*E), grow(m.negXU, n*R), grow(m.negOut, n*E)
	for k, r := range m.negRows {
		copy(m.negX[k*E:(k+1)*E], m.x0[r*E:(r+1)*E])
	}
	gemm(m.threads, false, false, n, R, E, 1, m.negX, E, m.scopeU.W, R, 0, m.negXU, R)
	gemm(m.threads, false, true, n, E, R, 1, m.negXU, R, m.scopeV.W, R, 0, m.negOut, E)
	for k, r := range m.negRows {
		addTo(m.x0[r*E:(r+1)*E], m.negOut[k*E:(k+1)*E])
	}
}

// negateBackward turns dx (N, E), the gradient g of the mapped
// embeddings, into that of the embeddings before the map, g + gVUᵀ on each
// negated row, and adds the map's gradients to U's and V's.
func (m *Model[T]) negateBackward(dx []T) {
	E, R, n := m.cfg.Embed, m.cfg.NegationRank, len(m.negRows)
	g := grow(m.negOut, n*E) // forward's xUVᵀ is no longer needed
	for k, r := range m.negRows {
		copy(g[k*E:(k+1)*E], dx[r*E:(r+1)*E])
	}
	gemm(m.threads, true, false, E, R, n, 1, g, E, m.negXU, R, 1, m.scopeV.G, R)
	m.negGV = grow(m.negGV, n*R)
	gemm(m.threads, false, false, n, R, E, 1, g, E, m.scopeV.W, R, 0, m.negGV, R)
	gemm(m.threads, true, false, E, R, n, 1, m.negX, E, m.negGV, R, 1, m.scopeU.G, R)
	gemm(m.threads, false, true, n, E, R, 1, m.negGV, R, m.scopeU.W, R, 0, g, E)
	for k, r := range m.negRows {
		addTo(dx[r*E:(r+1)*E], g[k*E:(k+1)*E])
	}
}

// markNegated sets m.negRows to the rows of the packed batch that a
// negation before them in their clause negates, in row order, following
// each sequence's scope step by step. A word outside the vocabulary plays
// no part in a scope; --vocab-reserved gives the negations and clause ends
// that the training texts hold a place in it.
func (m *Model[T]) markNegated() {
	p := &m.pk
	m.scopes = grow(m.scopes, p.batch())
	clear(m.scopes)
	m.negRows = m.negRows[:0]
	for t := range p.steps() {
		for i := range p.sizes[t] {
			r := p.offsets[t] + i
			role := tokenize.Plain
			if id := p.ids[r]; id < m.cfg.Vocab {
				role = m.words.roles[id]
			}
			if m.scopes[i].Read(role) {
				m.negRows = append(m.negRows, r)
			}
		}
	}
}

// gramsOf returns the n-grams token id is read through besides its own
// embedding row: a vocabulary word's with Config.WordGrams, a word's
// outside the vocabulary with a subword table (see tokenize.Spelling), or
// none; and an error for an id the network cannot read.
func (m *Model[T]) gramsOf(id int) ([]uint32, error) {
	V := m.cfg.Vocab
	switch {
	case id >= 0 && id < V && m.words.grams != nil:
		return m.words.grams[id], nil
	case id >= 0 && id < V:
		return nil, nil
	case id >= V && m.sub != nil:
		if grams, ok := tokenize.Spelling(id, V); ok {
			return grams, nil
		}
		return nil, fmt.Errorf("token id %d is neither in the vocabulary of %d nor a word read through its n-grams", id, V)
	}
	return nil, fmt.Errorf("token id %d outside the vocabulary of %d", id, V)
}

// Config returns the network's configuration.
func (m *Model[T]) Config() Config { return m.cfg }

// Params returns the parameter tensors in a fixed order; their W and G may be
// read and written (the optimizer does), not resliced.
func (m *Model[T]) Params() []*Param[T] { return m.params }

// ZeroGrad clears every gradient, allocating them the first time.
func (m *Model[T]) ZeroGrad() {
	for _, p := range m.params {
		if p.G == nil {
			p.G = make([]T, len(p.W))
		}
		zero(p.G)
	}
}

// forward runs the batch up to the logits. With a non-nil rng and a
// non-zero word dropout or dropout rate it applies them, drawn from rng.
// A pass that trains the scope task too (task) also marks the negated
// tokens for it, which prediction has no use for.
func (m *Model[T]) forward(seqs [][]int, rng *rand.Rand, task bool) error {
	p := &m.pk
	if err := p.pack(seqs, m.gramsOf); err != nil {
		return err
	}
	N, B, E := p.tokens(), p.batch(), m.cfg.Embed
	if m.scopeU != nil || task && m.scopeW != nil {
		// Before word dropout: the scope is the text's, whatever words
		// the network is made to do without.
		m.markNegated()
	}
	if rng != nil && m.cfg.WordDropout > 0 {
		// Backward reads p.ids too, so the dropped words' gradient goes to
		// the unknown word's embedding, which they were read as. A word
		// read through its n-grams is dropped the same way: the network
		// learns to do without it as without any other.
		for r := range p.ids {
			if rng.Float64() < m.cfg.WordDropout {
				p.ids[r], p.grams[r] = tokenize.UnkID, nil
			}
		}
	}
	m.x0 = grow(m.x0, N*E)
	for r, id := range p.ids {
		x := m.x0[r*E : (r+1)*E]
		if id < m.cfg.Vocab {
			copy(x, m.emb.W[id*E:(id+1)*E])
		} else {
			zero(x)
		}
		if len(p.grams[r]) == 0 {
			continue
		}
		// The mean is taken apart and then added, so that a word outside
		// the vocabulary, whose own part is zero, reads exactly the mean.
		m.gramRow = grow(m.gramRow, E)
		zero(m.gramRow)
		for _, h := range p.grams[r] {
			b := int(h % uint32(m.cfg.Subwords))
			addTo(m.gramRow, m.sub.W[b*E:(b+1)*E])
		}
		n := T(len(p.grams[r]))
		for j, v := range m.gramRow {
			x[j] += v / n
		}
	}
	if m.scopeU != nil {
		m.negateForward()
	}
	nIn := max(1, len(m.layers))
	// A dropout slot for each layer's input, and the last for the features.
	m.masks = grow(m.masks, nIn+1)
	m.dropped = grow(m.dropped, nIn+1)
	m.inputs = grow(m.inputs, nIn)
	m.inputs[0] = m.dropout(0, m.x0, m.cfg.Dropout, rng)

	F := m.cfg.features()
	m.feat = grow(m.feat, B*F)
	if m.cfg.Arch == ArchBOW {
		m.bowForward()
	} else {
		x := m.inputs[0]
		for l, ly := range m.layers {
			if l > 0 {
				m.inputs[l] = m.dropout(l, x, m.cfg.Dropout, rng)
			}
			x = ly.forward(p, m.inputs[l])
		}
		m.top = x
		m.poolForward()
	}
	m.dense = m.dropout(nIn, m.feat, m.cfg.FeatureDropout, rng)
	K := m.cfg.Outputs()
	m.logits = grow(m.logits, B*K)
	setRows(m.logits, m.denseB.W)
	gemm(m.threads, false, false, B, K, F, 1, m.dense, F, m.denseW.W, K, 1, m.logits, K)
	return nil
}

// dropout returns x with inverted dropout at rate applied, keeping the
// mask for backward in m.masks[i]; with a rate of 0 or a nil rng (not
// training) it returns x itself.
func (m *Model[T]) dropout(i int, x []T, rate float64, rng *rand.Rand) []T {
	if rng == nil || rate == 0 {
		m.masks[i] = nil
		return x
	}
	mask := grow(m.masks[i], len(x))
	drawMask(mask, rate, rng)
	out := grow(m.dropped[i], len(x))
	m.dropped[i] = out
	for j := range x {
		out[j] = x[j] * mask[j]
	}
	m.masks[i] = mask
	return out
}

// undrop passes the gradient dx of dropout's output back to its input
// through the mask dropout kept; a nil mask (no dropout) leaves it.
func undrop[T Float](dx, mask []T) {
	for j, k := range mask {
		dx[j] *= k
	}
}

// drawMask fills mask for inverted dropout at rate: each element 0 with
// probability rate, else 1/(1-rate), so that a unit's expected value is
// the same in training as without dropout.
func drawMask[T Float](mask []T, rate float64, rng *rand.Rand) {
	keep := T(1 / (1 - rate))
	for j := range mask {
		if rng.Float64() < rate {
			mask[j] = 0
		} else {
			mask[j] = keep
		}
	}
}

func (m *Model[T]) bowForward() {
	p := &m.pk
	B, E, H := p.batch(), m.cfg.Embed, m.cfg.Hidden
	x := m.inputs[0]
	m.mean = grow(m.mean, B*E)
	meanOverTime(p, x, E, m.mean, E)
	setRows(m.feat, m.bowB.W)
	gemm(m.threads, false, false, B, H, E, 1, m.mean, E, m.bowW.W, H, 1, m.feat, H)
	for j, v := range m.feat {
		m.feat[j] = max(v, 0)
	}
}

// backward accumulates every parameter's gradient from m.dlogits, and
// from the scope task's when the pass trained it (task).
func (m *Model[T]) backward(task bool) {
	p := &m.pk
	B, E, K, F := p.batch(), m.cfg.Embed, m.cfg.Outputs(), m.cfg.features()
	gemm(m.threads, true, false, F, K, B, 1, m.dense, F, m.dlogits, K, 1, m.denseW.G, K)
	sumRows(m.denseB.G, m.dlogits)
	m.dfeat = grow(m.dfeat, B*F)
	gemm(m.threads, false, true, B, F, K, 1, m.dlogits, K, m.denseW.W, K, 0, m.dfeat, F)
	undrop(m.dfeat, m.masks[len(m.masks)-1])

	var dx []T // (N, E)
	if m.cfg.Arch == ArchBOW {
		dx = m.bowBackward()
	} else {
		m.poolBackward()
		if task && m.scopeW != nil {
			m.scopeBackward()
		}
		dx = m.dtop
		for l := len(m.layers) - 1; l >= 0; l-- {
			dx = m.layers[l].backward(p, dx)
			undrop(dx, m.masks[l])
		}
	}
	if m.scopeU != nil {
		m.negateBackward(dx)
	}
	for r, id := range p.ids {
		if id < m.cfg.Vocab {
			addTo(m.emb.G[id*E:(id+1)*E], dx[r*E:(r+1)*E])
		}
		if len(p.grams[r]) == 0 {
			continue
		}
		// Each n-gram's share of the gradient, divided once rather than
		// once per n-gram.
		n := T(len(p.grams[r]))
		m.gramRow = grow(m.gramRow, E)
		for j, v := range dx[r*E : (r+1)*E] {
			m.gramRow[j] = v / n
		}
		for _, h := range p.grams[r] {
			b := int(h % uint32(m.cfg.Subwords))
			addTo(m.sub.G[b*E:(b+1)*E], m.gramRow)
		}
	}
}

func (m *Model[T]) bowBackward() []T {
	p := &m.pk
	N, B, E, H := p.tokens(), p.batch(), m.cfg.Embed, m.cfg.Hidden
	for j, v := range m.feat {
		if v <= 0 {
			m.dfeat[j] = 0
		}
	}
	gemm(m.threads, true, false, E, H, B, 1, m.mean, E, m.dfeat, H, 1, m.bowW.G, H)
	sumRows(m.bowB.G, m.dfeat)
	m.dmean = grow(m.dmean, B*E)
	gemm(m.threads, false, true, B, E, H, 1, m.dfeat, H, m.bowW.W, H, 0, m.dmean, E)
	m.dx0 = grow(m.dx0, N*E)
	zero(m.dx0)
	addMeanGradient(p, m.dmean, E, m.dx0, E)
	undrop(m.dx0, m.masks[0])
	return m.dx0
}

// Step runs one training batch: it clears the gradients, computes the mean
// cross-entropy of seqs against labels (class indices) and accumulates its
// gradient into every Param.G. It returns the loss and how many examples the
// model classified correctly. Dropout is drawn from rng; a nil rng turns it off.
func (m *Model[T]) Step(seqs [][]int, labels []int, rng *rand.Rand) (loss float64, correct int, err error) {
	sum, correct, err := m.StepShard(seqs, labels, len(seqs), rng)
	return sum / float64(len(seqs)), correct, err
}

// StepShard is Step on a shard of a batch of batchSize examples: the
// gradient it leaves in Param.G is the shard's share of the batch's mean
// gradient, so that the gradients of a batch's shards, added up, are the
// batch's. It returns the shard's summed (not mean) loss.
func (m *Model[T]) StepShard(seqs [][]int, labels []int, batchSize int, rng *rand.Rand) (lossSum float64, correct int, err error) {
	return m.stepShard(seqs, labels, batchSize, rng, true)
}

// stepShard is StepShard, with the scope task's loss and gradient only
// when task is set: a training step's, not the labels' alone.
func (m *Model[T]) stepShard(seqs [][]int, labels []int, batchSize int, rng *rand.Rand, task bool) (lossSum float64, correct int, err error) {
	if len(seqs) != len(labels) {
		return 0, 0, fmt.Errorf("%d sequences but %d labels", len(seqs), len(labels))
	}
	if batchSize < len(seqs) {
		return 0, 0, fmt.Errorf("a shard of %d examples cannot belong to a batch of %d", len(seqs), batchSize)
	}
	for i, y := range labels {
		if y < 0 || y >= m.cfg.Classes {
			return 0, 0, fmt.Errorf("label %d of example %d outside [0, %d)", y, i, m.cfg.Classes)
		}
	}
	if err := m.forward(seqs, rng, task); err != nil {
		return 0, 0, err
	}
	if m.stop != nil && m.stop.Load() {
		return 0, 0, ErrStopped
	}
	m.ZeroGrad()
	p := &m.pk
	B, K := p.batch(), m.cfg.Outputs()
	m.dlogits = grow(m.dlogits, B*K)
	probs := make([]float64, m.cfg.Classes)
	nll := make([]float64, m.cfg.Classes)
	for i := range B {
		y := labels[p.order[i]]
		probabilities(probs, nll, m.logits[i*K:(i+1)*K])
		lossSum += nll[y]
		if Argmax(probs) == y {
			correct++
		}
		dz := m.dlogits[i*K : (i+1)*K]
		if K == 1 {
			dz[0] = T((probs[1] - float64(y)) / float64(batchSize))
			continue
		}
		for k := range K {
			t := 0.0
			if k == y {
				t = 1
			}
			dz[k] = T((probs[k] - t) / float64(batchSize))
		}
	}
	if task && m.scopeW != nil {
		lossSum += m.scopeLoss(batchSize)
	}
	m.backward(task)
	if m.stop != nil && m.stop.Load() {
		return 0, 0, ErrStopped
	}
	return lossSum, correct, nil
}

// scopeLoss returns the scope task's loss on the batch, summed over its
// sequences as StepShard sums the labels' (each sequence's the mean over
// its tokens, times Config.ScopeLoss), and leaves in m.scopeDZ the
// gradient of the batch's mean loss with respect to each row's logit.
func (m *Model[T]) scopeLoss(batchSize int) float64 {
	p := &m.pk
	N, D := p.tokens(), m.cfg.Hidden*m.cfg.directions()
	z := grow(m.scopeDZ, N)
	m.scopeDZ = z
	setRows(z, m.scopeB.W)
	gemm(m.threads, false, false, N, 1, D, 1, m.top, D, m.scopeW.W, 1, 1, z, 1)
	negated := m.negRows
	loss := 0.0
	for t := range p.steps() {
		for i := range p.sizes[t] {
			r := p.offsets[t] + i
			y := 0.0
			if len(negated) > 0 && negated[0] == r {
				y, negated = 1, negated[1:]
			}
			v := float64(z[r])
			// The cross-entropy of a logistic unit, softplus(v) - y·v,
			// computed so that it stays finite for any v.
			weight := m.cfg.ScopeLoss / float64(p.lengths[i])
			loss += weight * (softplus(v) - y*v)
			z[r] = T(weight * (1/(1+math.Exp(-v)) - y) / float64(batchSize))
		}
	}
	return loss
}

// scopeBackward adds the scope task's gradient, m.scopeDZ, to its unit's
// and to m.dtop, the top layer's states'.
func (m *Model[T]) scopeBackward() {
	N, D := m.pk.tokens(), m.cfg.Hidden*m.cfg.directions()
	gemm(m.threads, true, false, D, 1, N, 1, m.top, D, m.scopeDZ, 1, 1, m.scopeW.G, 1)
	sumRows(m.scopeB.G, m.scopeDZ)
	gemm(m.threads, false, true, N, D, 1, 1, m.scopeDZ, 1, m.scopeW.W, 1, 1, m.dtop, D)
}

// probabilities writes every class's probability for the logits z into dst
// and, when nll is not nil, their negative logs, computed from z directly so
// that they stay finite where a probability underflows.
func probabilities[T Float](dst, nll []float64, z []T) {
	if len(z) == 1 {
		v := float64(z[0])
		dst[1] = 1 / (1 + math.Exp(-v))
		dst[0] = 1 - dst[1]
		if nll != nil {
			nll[1] = softplus(-v)
			nll[0] = softplus(v)
		}
		return
	}
	hi := math.Inf(-1)
	for _, v := range z {
		hi = math.Max(hi, float64(v))
	}
	sum := 0.0
	for k, v := range z {
		dst[k] = math.Exp(float64(v) - hi)
		sum += dst[k]
	}
	lse := hi + math.Log(sum)
	for k, v := range z {
		dst[k] /= sum
		if nll != nil {
			nll[k] = lse - float64(v)
		}
	}
}

func softplus(x float64) float64 {
	return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
}

// Argmax is the index of the largest probability: the predicted class.
func Argmax(p []float64) int {
	best := 0
	for k, v := range p {
		if v > p[best] {
			best = k
		}
	}
	return best
}

// Predict returns each sequence's class probabilities, in the order given.
func (m *Model[T]) Predict(seqs [][]int) ([][]float64, error) {
	if err := m.forward(seqs, nil, false); err != nil {
		return nil, err
	}
	if m.stop != nil && m.stop.Load() {
		return nil, ErrStopped
	}
	p := &m.pk
	K := m.cfg.Outputs()
	out := make([][]float64, len(seqs))
	for i, o := range p.order {
		out[o] = make([]float64, m.cfg.Classes)
		probabilities(out[o], nil, m.logits[i*K:(i+1)*K])
	}
	return out, nil
}
