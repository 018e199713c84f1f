package serve

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// newTestServer serves the built-in model as sst2 with small limits.
func newTestServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	if cfg.MaxTexts == 0 {
		cfg.MaxTexts, cfg.MaxTextBytes, cfg.MaxBodyBytes, cfg.QueueTexts = 4, 100, 2048, 64
	}
	s, err := New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func v2Body(texts ...string) string {
	b, _ := json.Marshal(map[string]any{"inputs": []map[string]any{{"name": "text", "shape": []int{len(texts)}, "datatype": "BYTES", "data": texts}}})
	return string(b)
}

// send makes req of srv and returns the response with its body read.
func send(t *testing.T, srv *httptest.Server, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestHandlers(t *testing.T) {
	srv := httptest.NewServer(newTestServer(t, Config{}).Handler())
	defer srv.Close()
	tests := []struct {
		name, method, path, contentType, body string
		wantStatus                            int
		want                                  string // in the body
	}{
		{"v2 infer", "POST", "/v2/models/sst2/infer", "application/json", v2Body("Not bad!", "Not as good as I expected."),
			200, `{"name":"label","datatype":"BYTES","shape":[2],"data":["positive","negative"]}`},
		{"v2 infer with trace", "POST", "/v2/models/sst2/infer", "application/json",
			`{"id": "7", "parameters": {"trace": true}, "inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["Not bad!"]}]}`,
			200, `"trace":[[{"token":"not"`},
		{"v2 infer, charset given", "POST", "/v2/models/sst2/infer", "application/json; charset=utf-8", v2Body("fine"), 200, `"model_name":"sst2"`},
		{"v2 infer, no Content-Type", "POST", "/v2/models/sst2/infer", "", v2Body("fine"), 200, `"model_name":"sst2"`},
		{"v1 predict", "POST", "/v1/models/sst2:predict", "application/json", `{"instances": ["Not bad!"]}`,
			200, `{"predictions":[{"label":"positive","probability":0.977`},
		// TF-Serving's columnar format, answered in columns; 400 before.
		{"v1 predict, columns", "POST", "/v1/models/sst2:predict", "application/json", `{"inputs": {"text": ["Not bad!", "Dull."]}}`,
			200, `{"outputs":{"label":["positive","negative"],"probability":[0.977`},
		{"v1 predict, rows of the named input", "POST", "/v1/models/sst2:predict", "application/json", `{"instances": [{"text": "Not bad!"}]}`,
			200, `{"predictions":[{"label":"positive","probability":0.977`},
		// 400, "malformed JSON: invalid character 'ï' looking for beginning of value".
		{"v1 predict, a byte-order mark first", "POST", "/v1/models/sst2:predict", "application/json", "\ufeff" + `{"instances": ["Not bad!"]}`,
			200, `{"predictions":[{"label":"positive"`},
		{"server metadata", "GET", "/v2", "", "", 200, `"name":"rnnsent"`},
		{"model metadata", "GET", "/v2/models/sst2", "", "", 200, `"classes":["negative","positive"]`},
		{"model metadata: the training record", "GET", "/v2/models/sst2", "", "", 200, `"training":{"data_file":`},
		{"live", "GET", "/v2/health/live", "", "", 200, `{"live":true}`},
		{"ready", "GET", "/v2/health/ready", "", "", 200, `{"ready":true}`},
		{"model ready", "GET", "/v2/models/sst2/ready", "", "", 200, `"ready":true`},
		{"v1 model status", "GET", "/v1/models/sst2", "", "", 200, `"state":"AVAILABLE"`},
		{"page", "GET", "/", "", "", 200, `<option>sst2</option>`},
		{"malformed JSON", "POST", "/v2/models/sst2/infer", "application/json", `{"inputs":`, 400, `{"error":"malformed JSON`},
		{"wrong datatype", "POST", "/v2/models/sst2/infer", "application/json",
			`{"inputs": [{"name": "text", "shape": [1], "datatype": "INT64", "data": [1]}]}`, 400, `datatype \"INT64\"`},
		{"wrong shape", "POST", "/v2/models/sst2/infer", "application/json",
			`{"inputs": [{"name": "text", "shape": [2], "datatype": "BYTES", "data": ["a"]}]}`, 400, `shape [2] but 1 string of data`},
		{"unknown model", "POST", "/v2/models/imdb/infer", "application/json", v2Body("a"), 404, `no model named \"imdb\"; this server has sst2`},
		{"unknown model, v1", "POST", "/v1/models/imdb:predict", "application/json", `{"instances": ["a"]}`, 404, `no model named`},
		{"unknown model metadata", "GET", "/v2/models/imdb", "", "", 404, `no model named`},
		{"unknown endpoint", "GET", "/v3", "", "", 404, `{"error":"no endpoint /v3`},
		{"unknown verb", "POST", "/v1/models/sst2:classify", "application/json", `{"instances": ["a"]}`, 404, `no endpoint`},
		{"GET to infer", "GET", "/v2/models/sst2/infer", "", "", 405, `takes POST, not GET`},
		{"POST to metadata", "POST", "/v2/models/sst2", "application/json", "{}", 405, `takes GET or HEAD, not POST`},
		{"body too large", "POST", "/v2/models/sst2/infer", "application/json", v2Body(strings.Repeat("a", 3000)), 413, `over 2048 bytes`},
		{"too many texts", "POST", "/v1/models/sst2:predict", "application/json", `{"instances": ["a", "b", "c", "d", "e"]}`, 413, `at most 4`},
		{"text too long", "POST", "/v1/models/sst2:predict", "application/json", `{"instances": ["` + strings.Repeat("a", 101) + `"]}`, 413, `101 bytes long`},
		{"form, not JSON", "POST", "/v1/models/sst2:predict", "application/x-www-form-urlencoded", `instances=a`, 415, `must be JSON`},
		{"bad Content-Type", "POST", "/v1/models/sst2:predict", "application/json; =", `{"instances": ["a"]}`, 415, `must be JSON`},
		// Read as UTF-8 all the same: 400, "malformed JSON: invalid character 'ÿ'".
		{"v1 predict, a UTF-16 body", "POST", "/v1/models/sst2:predict", "application/json; charset=utf-16", "\xff\xfe{\x00}\x00", 415, `the body must be JSON in UTF-8, not \"application/json; charset=utf-16\"`},
		{"v1 predict, charset UTF-8 in capitals", "POST", "/v1/models/sst2:predict", "application/json; charset=UTF-8", `{"instances": ["a"]}`, 200, `"predictions"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			resp, body := send(t, srv, req)
			if resp.StatusCode != tt.wantStatus || !strings.Contains(body, tt.want) {
				t.Errorf("%d %s\nwant %d with %s", resp.StatusCode, body, tt.wantStatus, tt.want)
			}
			ct := resp.Header.Get("Content-Type")
			if wantCT := map[bool]string{true: "text/html; charset=utf-8", false: "application/json"}[tt.path == "/"]; ct != wantCT {
				t.Errorf("Content-Type %q, want %q", ct, wantCT)
			}
			if resp.StatusCode == 405 && resp.Header.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
		})
	}
}

// TestCompressedBodiesAreRefused: a gzip body was read as JSON, and
// refused as "malformed JSON: invalid character '\x1f' looking for
// beginning of value", which blames the client's JSON.
func TestCompressedBodiesAreRefused(t *testing.T) {
	srv := httptest.NewServer(newTestServer(t, Config{}).Handler())
	defer srv.Close()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"instances": ["Not bad!"]}`))
	zw.Close()
	tests := []struct {
		name, encoding, body string
		wantStatus           int
		want                 string
	}{
		{"gzip", "gzip", gz.String(), 415, `{"error":"the body must not be compressed (Content-Encoding: gzip); send it as it is"}`},
		{"identity", "identity", `{"instances": ["Not bad!"]}`, 200, `"label":"positive"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest("POST", srv.URL+"/v1/models/sst2:predict", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Content-Encoding", tt.encoding)
			resp, body := send(t, srv, req)
			if resp.StatusCode != tt.wantStatus || !strings.Contains(body, tt.want) {
				t.Errorf("%d %s\nwant %d with %s", resp.StatusCode, body, tt.wantStatus, tt.want)
			}
		})
	}
}

// The metrics count what was answered, by route and status, and the
// texts by label.
func TestMetricsCountRequestsAndTexts(t *testing.T) {
	s := newTestServer(t, Config{})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	post := func(path, body string) {
		resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	post("/v1/models/sst2:predict", `{"instances": ["Not bad!", "Not as good as I expected."]}`)
	post("/v1/models/sst2:predict", `{"instances": ["Not bad!"]}`)
	post("/v2/models/sst2/infer", v2Body("Dull and far too long."))
	post("/v2/models/sst2/infer", `{`)
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{
		`rnnsent_http_requests_total{code="200",route="/v1/models/{name}:predict"} 2`,
		`rnnsent_http_requests_total{code="200",route="/v2/models/{name}/infer"} 1`,
		`rnnsent_http_requests_total{code="400",route="/v2/models/{name}/infer"} 1`,
		`rnnsent_http_request_duration_seconds_count{route="/v1/models/{name}:predict"} 2`,
		`rnnsent_texts_total{label="positive",model="sst2"} 2`,
		`rnnsent_texts_total{label="negative",model="sst2"} 2`,
		`rnnsent_batch_texts_sum{model="sst2"} 4`,
		`rnnsent_queue_texts{model="sst2"} 0`,
		`rnnsent_model_info{architecture="lstm 256→200 last+max",classes="negative,positive",file="built-in SST-2 model",model="sst2"} 1`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics has no %s", want)
		}
	}
}

func TestNewRefusesWhatItCannotServe(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.gob")
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"two of a name", Config{Models: []Model{{Name: "a"}, {Name: "a"}}}, `two models are named "a"`},
		{"a missing file", Config{Models: []Model{{Name: "a"}, {Name: "b", Path: missing}}}, missing + ": no such file"},
		{"a queue too long to allocate", Config{QueueTexts: math.MaxInt}, "a queue of 9223372036854775807 texts is more than the 1048576 a model's queue may hold"},
		{"more workers than memory holds copies for", Config{Workers: math.MaxInt}, "built-in SST-2 model: 9223372036854775807 workers would each hold a copy of its 20 MiB of weights, more than the "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(context.Background(), tt.cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err == nil {
				s.Close()
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q, want %q", err, tt.wantErr)
			}
		})
	}
}

// TestTracesWaitTheirTurn: with TracesInFlight traced answers held, a
// trace waits (and is dropped when its caller gives up) while plain
// requests are answered; a freed turn lets the next trace through.
func TestTracesWaitTheirTurn(t *testing.T) {
	s := newTestServer(t, Config{})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for range TracesInFlight {
		s.traces <- struct{}{}
	}
	post := func(body string, wait time.Duration) (int, error) {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/v2/models/sst2/infer", strings.NewReader(body))
		if err != nil {
			return 0, err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, nil
	}
	trace := `{"parameters": {"trace": true}, "inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["Not bad!"]}]}`
	for _, c := range []struct {
		name       string
		body       string
		free       bool // give back a turn first
		wantStatus int  // 0: the caller gives up waiting
	}{
		{"a trace waits while every turn is held", trace, false, 0},
		{"a plain request is answered meanwhile", v2Body("Not bad!"), false, http.StatusOK},
		{"a freed turn lets a trace through", trace, true, http.StatusOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.free {
				<-s.traces
			}
			status, err := post(c.body, 500*time.Millisecond)
			if c.wantStatus == 0 {
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("status %d, error %v: want the caller to give up waiting", status, err)
				}
				return
			}
			if err != nil || status != c.wantStatus {
				t.Fatalf("status %d, error %v; want %d", status, err, c.wantStatus)
			}
		})
	}
	if held := len(s.traces); held != TracesInFlight-1 {
		t.Errorf("%d turns held after the answers, want %d: a finished trace must give its turn back", held, TracesInFlight-1)
	}
}
