package model

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// testEnsemble returns n networks of cfg drawn from seeds 1..n and the
// checkpoint that holds them.
func testEnsemble(t *testing.T, cfg Config, n int) ([]*Model[float32], *Checkpoint) {
	t.Helper()
	_, c := testCheckpoint(t, cfg)
	var members []*Model[float32]
	var networks [][]Tensor
	for seed := range uint64(n) {
		m, err := New[float32](cfg, nil, rand.New(rand.NewPCG(seed+1, 7)))
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, m)
		networks = append(networks, m.Tensors())
	}
	c.SetNetworks(networks)
	return members, c
}

// sameProbabilities fails the test unless got and want agree within tol.
func sameProbabilities(t *testing.T, what string, got, want [][]float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	for i := range want {
		for k := range want[i] {
			if math.Abs(got[i][k]-want[i][k]) > tol {
				t.Fatalf("%s: row %d class %d is %v, want %v", what, i, k, got[i][k], want[i][k])
			}
		}
	}
}

// meanOf is the element-wise mean of the members' answers.
func meanOf(t *testing.T, members []*Model[float32], answer func(*Model[float32]) ([][]float64, error)) [][]float64 {
	t.Helper()
	var sum [][]float64
	for _, m := range members {
		rows, err := answer(m)
		if err != nil {
			t.Fatal(err)
		}
		if sum == nil {
			sum = make([][]float64, len(rows))
			for i := range rows {
				sum[i] = make([]float64, len(rows[i]))
			}
		}
		for i := range rows {
			for k, p := range rows[i] {
				sum[i][k] += p / float64(len(members))
			}
		}
	}
	return sum
}

func TestEnsembleAveragesItsMembers(t *testing.T) {
	seqs := [][]int{{2, 3, 4}, {5}, {11, 10, 9, 8, 7, 6}}
	seq := []int{3, 9, 4, 1, 7}
	for _, cfg := range smallConfigs {
		t.Run(caseName(cfg), func(t *testing.T) {
			members, _ := testEnsemble(t, cfg, 3)
			e, err := NewEnsemble(members...)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.Predict(seqs)
			if err != nil {
				t.Fatal(err)
			}
			sameProbabilities(t, "Predict", got, meanOf(t, members, func(m *Model[float32]) ([][]float64, error) { return m.Predict(seqs) }), 1e-12)
			first, _ := members[0].Predict(seqs)
			if reflect.DeepEqual(got, first) {
				t.Error("the ensemble answers as its first member alone")
			}
			trace, err := e.Trace(seq)
			if err != nil {
				t.Fatal(err)
			}
			sameProbabilities(t, "Trace", trace, meanOf(t, members, func(m *Model[float32]) ([][]float64, error) { return m.Trace(seq) }), 1e-12)
			if e.Config() != cfg || len(e.Members()) != 3 {
				t.Errorf("config %+v and %d members, want %+v and 3", e.Config(), len(e.Members()), cfg)
			}
		})
	}
}

func TestEnsembleOfOneIsItsNetwork(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 3, Vocab: 12, Embed: 5, Hidden: 6}
	m, c := testCheckpoint(t, cfg)
	e, err := EnsembleFromCheckpoint[float32](c)
	if err != nil {
		t.Fatal(err)
	}
	seqs := [][]int{{2, 3, 4}, {5}, {11, 10, 9, 8, 7, 6}}
	got, _ := e.Predict(seqs)
	want, _ := m.Predict(seqs)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Predict: ensemble of one %v, its network %v", got, want)
	}
	got, _ = e.Trace(seqs[2])
	want, _ = m.Trace(seqs[2])
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Trace: ensemble of one %v, its network %v", got, want)
	}
}

func TestNewEnsembleNeedsNetworksOfOneConfig(t *testing.T) {
	cfg := Config{Arch: ArchBOW, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6}
	a, _ := testCheckpoint(t, cfg)
	cfg.Hidden = 7
	b, _ := testCheckpoint(t, cfg)
	if _, err := NewEnsemble[float32](); err == nil {
		t.Error("an ensemble of no network")
	}
	if _, err := NewEnsemble(a, b); err == nil || !strings.Contains(err.Error(), "ensemble member 2 has config") {
		t.Errorf("got %v, want an error naming member 2's config", err)
	}
}

// encoded is c in the checkpoint format, and its format version.
func encoded(t *testing.T, c *Checkpoint) ([]byte, uint32) {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), binary.BigEndian.Uint32(buf.Bytes()[len(Magic):])
}

func TestEnsembleCheckpointRoundTripPredictsIdentically(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellGRU, Layers: 1, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6}
	members, c := testEnsemble(t, cfg, 3)
	c.About = []byte(`{"ensemble":3}`)
	data, v := encoded(t, c)
	if v != RawFormatVersion {
		t.Errorf("format version %d, want %d", v, RawFormatVersion)
	}
	back, err := Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, c) {
		t.Errorf("decoded\n%+v\nwant\n%+v", back, c)
	}
	e, err := EnsembleFromCheckpoint[float32](back)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := NewEnsemble(members...)
	seqs := [][]int{{2, 3, 4}, {5}, {11, 10, 9, 8, 7, 6}}
	got, _ := e.Predict(seqs)
	wantP, _ := want.Predict(seqs)
	if len(e.Members()) != 3 || !reflect.DeepEqual(got, wantP) {
		t.Errorf("%d members predict %v after loading, %v before", len(e.Members()), got, wantP)
	}
	first, err := FromCheckpoint[float32](back)
	if err != nil {
		t.Fatal(err)
	}
	gotFirst, _ := first.Predict(seqs)
	wantFirst, _ := members[0].Predict(seqs)
	if !reflect.DeepEqual(gotFirst, wantFirst) {
		t.Error("FromCheckpoint does not build the first network")
	}
}

func TestEveryCheckpointTakesTheRawFormatVersion(t *testing.T) {
	cfg := Config{Arch: ArchBOW, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6}
	for n := 1; n <= 3; n++ {
		_, c := testEnsemble(t, cfg, n)
		if _, v := encoded(t, c); v != RawFormatVersion {
			t.Errorf("%d networks: format version %d, want %d", n, v, RawFormatVersion)
		}
	}
	// Version 2 was made so that a reader that knows no ensembles is
	// refused them, not read the first network; neither version may hold
	// the other's networks.
	_, two := testEnsemble(t, cfg, 2)
	_, single := testCheckpoint(t, cfg)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"two networks as version 1", frameVersion(FormatVersion, gobPayload(t, two)),
			"checkpoint format version 1 is for one network, but the file holds 2"},
		{"one network as version 2", frameVersion(EnsembleFormatVersion, gobPayload(t, single)),
			"checkpoint format version 2 is for ensembles, but the file holds one network"},
		{"version 4", frameVersion(4, gobPayload(t, two)), "checkpoint format version 4; this rnnsent reads versions 1 to 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Decode(bytes.NewReader(tt.data)); err == nil || err.Error() != tt.want {
				t.Errorf("got error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestDamagedEnsembleMemberIsRejected(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6}
	_, c := testEnsemble(t, cfg, 3)
	c.Members[1] = append([]Tensor(nil), c.Members[1]...)
	c.Members[1][1].Bytes = c.Members[1][1].Bytes[:12]
	const want = "ensemble member 3: checkpoint tensor 1 is l0.fwd.wx (5×24, 12 bytes), want l0.fwd.wx (5×24)"
	if err := c.Encode(new(bytes.Buffer)); err == nil || err.Error() != want {
		t.Errorf("Encode: got %v, want %q", err, want)
	}
	if _, err := Decode(bytes.NewReader(frameVersion(EnsembleFormatVersion, gobPayload(t, c)))); err == nil || err.Error() != want {
		t.Errorf("Decode: got %v, want %q", err, want)
	}
	if _, err := EnsembleFromCheckpoint[float32](c); err == nil || err.Error() != want {
		t.Errorf("EnsembleFromCheckpoint: got %v, want %q", err, want)
	}

	_, c = testEnsemble(t, cfg, 2)
	c.Members[0] = append([]Tensor(nil), c.Members[0]...)
	nan := bytes.Clone(c.Members[0][0].Bytes)
	binary.LittleEndian.PutUint32(nan, math.Float32bits(float32(math.NaN())))
	c.Members[0][0].Bytes = nan
	if _, err := EnsembleFromCheckpoint[float32](c); err == nil || err.Error() != "ensemble member 2: checkpoint tensor embedding holds a non-finite value" {
		t.Errorf("a NaN in member 2: got %v", err)
	}
}
