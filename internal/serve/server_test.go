package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rnnsent/rnnsent/internal/builtin"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// running is a Server serving on a real loopback listener.
type running struct {
	url    string
	reload chan struct{}
	stop   context.CancelFunc
	done   chan error // Serve's result
	log    *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startServer(t *testing.T, cfg Config) *running {
	t.Helper()
	r := &running{reload: make(chan struct{}), done: make(chan error, 1), log: &syncBuffer{}}
	s, err := New(context.Background(), cfg, slog.New(slog.NewTextHandler(r.log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.url = "http://" + ln.Addr().String()
	ctx, stop := context.WithCancel(context.Background())
	r.stop = stop
	go func() { r.done <- s.Serve(ctx, ln, r.reload) }()
	t.Cleanup(func() {
		stop()
		<-r.done
	})
	return r
}

// tinyModel is the file of an untrained binary GRU, different for each
// seed.
func tinyModel(t *testing.T, seed uint64) []byte {
	t.Helper()
	return tinyModelOf(t, seed, []string{"0", "1"})
}

// tinyModelOf is tinyModel with the class names labels.
func tinyModelOf(t *testing.T, seed uint64, labels []string) []byte {
	t.Helper()
	vocab := []string{tokenize.PadToken, tokenize.UnkToken, "good", "bad", "not"}
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Vocab: len(vocab), Embed: 4, Hidden: 3, Layers: 1, Classes: 2}
	m, err := model.New[float32](cfg, nil, rand.New(rand.NewPCG(seed, 1)))
	if err != nil {
		t.Fatal(err)
	}
	c := model.Checkpoint{Config: cfg, TokenizerVersion: tokenize.Version, MaxLen: 20, Vocab: vocab, Labels: labels}
	c.SetNetworks([][]model.Tensor{m.Tensors()})
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// postV1 returns the status and the probabilities of each text.
func postV1(t *testing.T, url string, texts ...string) (int, [][]float64) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"instances": texts})
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, v1Probs(t, resp.Body)
}

func v1Probs(t *testing.T, r io.Reader) [][]float64 {
	var out struct {
		Predictions []struct {
			Probabilities map[string]float64
		}
	}
	json.NewDecoder(r).Decode(&out)
	var probs [][]float64
	for _, p := range out.Predictions {
		probs = append(probs, []float64{p.Probabilities["negative"], p.Probabilities["positive"]})
	}
	return probs
}

// slowRequest sends a request's headers and half its body, and finishes
// it when told to: a request in flight for as long as a test needs.
type slowRequest struct {
	conn net.Conn
	rest []byte
}

func startSlowRequest(t *testing.T, url, path, body string) *slowRequest {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	half := len(body) / 2
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", path, len(body), body[:half])
	return &slowRequest{conn, []byte(body[half:])}
}

func (s *slowRequest) finish(t *testing.T) (int, []byte) {
	t.Helper()
	defer s.conn.Close()
	if _, err := s.conn.Write(s.rest); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(s.conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// TestNamesThatAreNotUTF8AreServed: a class name or a file name that is
// not UTF-8 (a Latin-1 training file's "négatif") went into a metric's
// labels, which the Prometheus client refuses with a panic: the server
// ended as it started, "internal error: label value ... is not valid UTF-8".
func TestNamesThatAreNotUTF8AreServed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mod\xe8le.gob")
	if err := os.WriteFile(path, tinyModelOf(t, 1, []string{"n\xe9gatif", "positif"}), 0o644); err != nil {
		t.Fatal(err)
	}
	r := startServer(t, Config{Models: []Model{{Name: "m", Path: path}}})
	if code, _ := postV1(t, r.url+"/v1/models/m:predict", "good", "bad", "not good"); code != http.StatusOK {
		t.Errorf("predict: status %d, want 200", code)
	}
	resp, err := http.Get(r.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "classes=\"n\ufffdgatif,positif\"") {
		t.Errorf("metrics: status %d, want 200 with the classes, U+FFFD for the byte that is not UTF-8:\n%s", resp.StatusCode, body)
	}
}

// An API owes one answer a text, so an empty text, unlike predict's empty
// argument, is answered: as the text of no words that it is, the same
// however many spaces it holds.
func TestEmptyTextsAreAnswered(t *testing.T) {
	r := startServer(t, Config{})
	code, probs := postV1(t, r.url+"/v1/models/sst2:predict", "", "   ", "good")
	if code != http.StatusOK || len(probs) != 3 {
		t.Fatalf("status %d with %d answers, want 200 with 3", code, len(probs))
	}
	if !slices.Equal(probs[0], probs[1]) || slices.Equal(probs[0], probs[2]) {
		t.Errorf("answers %v: want the empty and the blank text's the same, and not the word's", probs)
	}
}

// Overload is answered at once with 429 and Retry-After, and the server
// answers again when the load has passed.
func TestOverloadIsRefusedAndTheServerStaysUp(t *testing.T) {
	r := startServer(t, Config{Workers: 1, MaxBatch: 8, MaxTexts: 8, QueueTexts: 8})
	long := strings.Repeat("a long and winding and rather dull film ", 25)
	texts := make([]string, 8)
	for i := range texts {
		texts[i] = long
	}
	body, _ := json.Marshal(map[string]any{"instances": texts})
	var counts sync.Map
	var retryAfter atomic.Bool
	var wg sync.WaitGroup
	for range 24 {
		wg.Go(func() {
			resp, err := http.Post(r.url+"/v1/models/sst2:predict", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			answer, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			n, _ := counts.LoadOrStore(resp.StatusCode, new(atomic.Int64))
			n.(*atomic.Int64).Add(1)
			if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") != "" {
				retryAfter.Store(true)
				if !strings.Contains(string(answer), `model \"sst2\" has 8 texts waiting, its most (--queue)`) {
					t.Errorf("429 answered %s", answer)
				}
			}
		})
	}
	wg.Wait()
	got := map[any]int64{}
	counts.Range(func(k, v any) bool { got[k] = v.(*atomic.Int64).Load(); return true })
	if got[http.StatusTooManyRequests] == 0 || got[http.StatusOK] == 0 || got[http.StatusOK]+got[http.StatusTooManyRequests] != 24 {
		t.Errorf("statuses %v: want some 200 and some 429, nothing else", got)
	}
	if !retryAfter.Load() {
		t.Error("429 without Retry-After")
	}
	if status, _ := postV1(t, r.url+"/v1/models/sst2:predict", "Not bad!"); status != http.StatusOK {
		t.Errorf("after the load: %d", status)
	}
}

// Reload swaps in a good file and keeps the model serving when the file
// is damaged or missing; a request that arrived before a reload is
// answered by the model it arrived at.
func TestReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.gob")
	if err := os.WriteFile(path, builtin.Checkpoint, 0o644); err != nil {
		t.Fatal(err)
	}
	r := startServer(t, Config{Models: []Model{{Name: "m", Path: path}}})
	url := r.url + "/v1/models/m:predict"
	_, before := postV1(t, url, "Not bad!")

	inFlight := startSlowRequest(t, r.url, "/v1/models/m:predict", `{"instances": ["Not bad!"]}`)
	// The request's headers must be read before the reload: only then has
	// it arrived.
	time.Sleep(100 * time.Millisecond)
	if err := os.WriteFile(path, tinyModel(t, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	r.reload <- struct{}{}
	_, after := postV1(t, url, "Not bad!")
	for after[0][0] == before[0][0] {
		// Serve reloads between requests; wait for it.
		time.Sleep(10 * time.Millisecond)
		_, after = postV1(t, url, "Not bad!")
	}
	status, body := inFlight.finish(t)
	if got := v1Probs(t, bytes.NewReader(body)); status != 200 || len(got) != 1 || got[0][0] != before[0][0] {
		t.Errorf("the request in flight across the reload: %d %s, want the old model's %v", status, body, before[0])
	}
	if status, body := httpGet(t, r.url+"/v2/models/m"); status != 200 || !strings.Contains(body, `"architecture":"gru 4→3"`) {
		t.Errorf("metadata after the reload: %d %s", status, body)
	}

	// Reloads run apart from Serve's loop: each damage's are awaited
	// before the next, which would change what they read.
	waitMetrics := func(want ...string) {
		var metrics string
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if _, metrics = httpGet(t, r.url+"/metrics"); !slices.ContainsFunc(want, func(w string) bool { return !strings.Contains(metrics, w) }) {
				return
			}
		}
		t.Errorf("/metrics has not all of %q:\n%s", want, metrics)
	}
	for i, damage := range []struct {
		name string
		do   func() error
	}{
		{"truncated", func() error { return os.WriteFile(path, tinyModel(t, 2)[:40], 0o644) }},
		{"missing", func() error { return os.Remove(path) }},
	} {
		if err := damage.do(); err != nil {
			t.Fatal(err)
		}
		r.reload <- struct{}{}
		// A second while the first may still run: reloads take turns.
		r.reload <- struct{}{}
		waitMetrics(`rnnsent_model_reloads_total{model="m",result="ok"} 1`, fmt.Sprintf(`rnnsent_model_reloads_total{model="m",result="failed"} %d`, 2*(i+1)))
		if _, got := postV1(t, url, "Not bad!"); got[0][0] != after[0][0] {
			t.Errorf("%s file: answers %v, want the model loaded before's %v", damage.name, got[0], after[0])
		}
	}
	log := r.log.String()
	for _, want := range []string{"msg=\"model reloaded\" model=m", "msg=\"reload failed; the model loaded before keeps serving\" model=m", "truncated", "no such file"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log has no %q:\n%s", want, log)
		}
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// Told to stop, the server refuses new connections, answers the request in
// flight and returns nil.
func TestStopFinishesTheRequestInFlight(t *testing.T) {
	r := startServer(t, Config{ShutdownTimeout: 5 * time.Second})
	inFlight := startSlowRequest(t, r.url, "/v1/models/sst2:predict", `{"instances": ["Not bad!"]}`)
	time.Sleep(100 * time.Millisecond)
	r.stop()
	for {
		probe, err := net.Dial("tcp", strings.TrimPrefix(r.url, "http://"))
		if err != nil {
			break // no longer accepting
		}
		// A connection without a request holds Shutdown for 5 s.
		probe.Close()
		time.Sleep(10 * time.Millisecond)
	}
	if status, body := inFlight.finish(t); status != 200 || !strings.Contains(string(body), `"label":"positive"`) {
		t.Errorf("the request in flight: %d %s", status, body)
	}
	if err := <-r.done; err != nil {
		t.Errorf("Serve: %v", err)
	}
	r.done <- nil // for the cleanup
}

// TestStopCutsOffWhatOutlastsTheTimeout: the error ended in Shutdown's
// own words, "...: context deadline exceeded".
func TestStopCutsOffWhatOutlastsTheTimeout(t *testing.T) {
	r := startServer(t, Config{ShutdownTimeout: 100 * time.Millisecond})
	inFlight := startSlowRequest(t, r.url, "/v1/models/sst2:predict", `{"instances": ["Not bad!"]}`)
	defer inFlight.conn.Close()
	time.Sleep(100 * time.Millisecond)
	r.stop()
	err := <-r.done
	r.done <- nil // for the cleanup
	if want := "requests still in flight after --shutdown-timeout 100ms were cut off"; err == nil || err.Error() != want {
		t.Errorf("Serve: %v, want %q", err, want)
	}
}

// Concurrent requests are answered by one forward pass, and each gets the
// answers to its own texts.
func TestConcurrentRequestsShareAForwardPass(t *testing.T) {
	s := newTestServer(t, Config{Workers: 1, MaxBatch: 8, MaxWait: 5 * time.Second})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	texts := []string{"Not bad!", "Not as good as I expected.", "A wonderful, moving film.", "Dull and far too long.",
		"good", "bad", "not good at all", "fine"}
	p, err := predict.Load("")
	if err != nil {
		t.Fatal(err)
	}
	alone := make([][]float64, len(texts))
	for i, text := range texts {
		probs, err := p.Texts([]string{text}, 1)
		if err != nil {
			t.Fatal(err)
		}
		alone[i] = probs[0]
	}
	start := time.Now()
	var wg sync.WaitGroup
	for i, text := range texts {
		wg.Go(func() {
			status, got := postV1(t, srv.URL+"/v1/models/sst2:predict", text)
			if status != 200 || len(got) != 1 {
				t.Errorf("%q: %d %v", text, status, got)
				return
			}
			for k := range alone[i] {
				// Another row count may round the float32 products
				// differently; no more than that.
				if math.Abs(got[0][k]-alone[i][k]) > 1e-6 {
					t.Errorf("%q: %v in the batch, %v alone", text, got[0], alone[i])
				}
			}
		})
	}
	wg.Wait()
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("a full batch waited %s: it should run at once", took)
	}
	_, metrics := httpGet(t, srv.URL+"/metrics")
	if !strings.Contains(metrics, `rnnsent_batch_texts_count{model="sst2"} 1`+"\n") || !strings.Contains(metrics, `rnnsent_batch_texts_sum{model="sst2"} 8`+"\n") {
		t.Errorf("want one forward pass of 8 texts; /metrics has\n%s", grepLines(metrics, "rnnsent_batch_texts_"))
	}
}

func grepLines(s, prefix string) string {
	var out []string
	for line := range strings.Lines(s) {
		if strings.HasPrefix(line, prefix) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "")
}

// TestTraceIsBoundedByWhatItWouldHold checks that a traced request whose
// answer would hold more than MaxTraceValues probabilities, counted from
// the tokens of its texts, is refused before the model runs, and that the
// same texts untraced, or fewer of them traced, are answered.
func TestTraceIsBoundedByWhatItWouldHold(t *testing.T) {
	const classes, maxLen = 1000, 20
	vocab := []string{tokenize.PadToken, tokenize.UnkToken, "good", "bad", "not"}
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Vocab: len(vocab), Embed: 2, Hidden: 2, Layers: 1, Classes: classes}
	m, err := model.New[float32](cfg, nil, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	labels := make([]string, classes)
	for i := range labels {
		labels[i] = fmt.Sprintf("c%d", i)
	}
	c := model.Checkpoint{Config: cfg, TokenizerVersion: tokenize.Version, MaxLen: maxLen, Vocab: vocab, Labels: labels}
	c.SetNetworks([][]model.Tensor{m.Tensors()})
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "many.gob")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newTestServer(t, Config{Models: []Model{{Name: "many", Path: path}},
		MaxTexts: 256, MaxTextBytes: 1000, MaxBodyBytes: 1 << 20, QueueTexts: 1024}).Handler())
	defer srv.Close()
	text := strings.Repeat("good ", 2*maxLen) // the model reads maxLen tokens of it
	over := MaxTraceValues/(maxLen*classes) + 1
	for _, tt := range []struct {
		name       string
		texts      int
		trace      bool
		wantStatus int
	}{
		{"a few texts, traced", 2, true, http.StatusOK},
		{"texts whose trace would hold too much", over, true, http.StatusRequestEntityTooLarge},
		{"the same texts untraced", over, false, http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := json.Marshal(map[string]any{"parameters": map[string]any{"trace": tt.trace},
				"inputs": []map[string]any{{"name": "text", "shape": []int{tt.texts}, "datatype": "BYTES", "data": slices.Repeat([]string{text}, tt.texts)}}})
			resp, err := srv.Client().Post(srv.URL+"/v2/models/many/infer", "application/json", bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d: %.200s", resp.StatusCode, tt.wantStatus, body)
			}
			want := `{"error":"the trace would hold more than 1048576 probabilities (the 1000 classes' at each token the model reads); trace fewer or shorter texts at a time"}`
			if tt.wantStatus != http.StatusOK && strings.TrimSpace(string(body)) != want {
				t.Errorf("body %s, want %s", body, want)
			}
		})
	}
}
