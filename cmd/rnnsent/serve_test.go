package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rnnsent/rnnsent/internal/builtin"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/tokenize"
)

func TestServeUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no batch", []string{"--max-batch", "0"}, "--max-batch must be at least 1, got 0"},
		{"no workers", []string{"--workers", "0"}, "--workers must be at least 1, got 0"},
		{"no connections", []string{"--max-connections", "0"}, "--max-connections must be at least 1, got 0"},
		{"more workers than memory holds copies for", []string{"--workers", "9223372036854775807"}, "rnnsent: built-in SST-2 model: 9223372036854775807 workers would each hold a copy of its 20 MiB of weights, more than the "},
		{"queue below a request", []string{"--queue", "10", "--max-texts", "20"}, "--queue must be between --max-texts (20) and 1048576, got 10"},
		// Told to give --queue between --max-texts (2000000) and 1048576.
		{"more texts a request than any queue holds", []string{"--max-texts", "2000000"}, "--max-texts must be between 1 and 1048576, the longest --queue, got 2000000"},
		{"no texts a request", []string{"--max-texts", "0"}, "--max-texts must be between 1 and 1048576, the longest --queue, got 0"},
		{"queue too long to allocate", []string{"--queue", "9223372036854775807"}, "--queue must be between --max-texts (256) and 1048576, got 9223372036854775807"},
		{"negative wait", []string{"--max-wait", "-1ms"}, "--max-wait must be 0 or more and below --write-timeout (30s), or a request that waits for others is cut off unanswered, got -1ms"},
		// An address no server can take: were the wait let through, the
		// command would fail there rather than serve on.
		{"a wait past the write timeout", []string{"--max-wait", "1h", "--addr", "127.0.0.1:99999"}, "--max-wait must be 0 or more and below --write-timeout (30s), or a request that waits for others is cut off unanswered, got 1h0m0s"},
		// It served (here it would fail on the address): a request whose body
		// took longer than --write-timeout to arrive was logged as answered,
		// 200, and its caller got nothing.
		{"a read timeout past the write timeout", []string{"--read-timeout", "20s", "--write-timeout", "2s", "--addr", "127.0.0.1:99999"},
			"--read-timeout must be above 0 and below --write-timeout (2s), or a request whose body takes longer than that to arrive is cut off unanswered, got 20s"},
		{"a write timeout below the default read timeout", []string{"--write-timeout", "5s", "--addr", "127.0.0.1:99999"},
			"--read-timeout must be above 0 and below --write-timeout (5s), or a request whose body takes longer than that to arrive is cut off unanswered, got 10s"},
		{"no shutdown time", []string{"--shutdown-timeout", "0s"}, "--shutdown-timeout must be above 0, got 0s"},
		// In Go's words: "time: missing unit in duration "5"".
		{"a duration without a unit", []string{"--read-timeout", "5"}, `rnnsent: invalid argument "5" for "--read-timeout" flag: want a duration such as 500ms, 10s or 2m` + "\n"},
		{"unknown log format", []string{"--log-format", "xml"}, `--log-format must be text or json, got "xml"`},
		{"name without a file", []string{"--model", "a="}, `--model "a=" names no file`},
		{"name unfit for a URL", []string{"--model", "a/b=m.gob"}, `the name "a/b" must be an ASCII letter or digit, then ASCII letters, digits, '.', '_' or '-'`},
		// "must be a letter or digit", which "é" and "ünï" are.
		{"a name of letters beyond ASCII", []string{"--model", "é=m.gob"}, `the name "é" must be an ASCII letter or digit, then ASCII letters, digits, '.', '_' or '-'`},
		{"a file name of letters beyond ASCII", []string{"--model", "ünï.gob"}, `the name "ünï" must be an ASCII letter or digit, then ASCII letters, digits, '.', '_' or '-'`},
		// Told it must be letters, digits, '.', '_' or '-', as it was.
		{"name of a dash", []string{"--model", "-=m.gob"}, `--model "-=m.gob": the name "-" must be an ASCII letter or digit, then ASCII letters, digits, '.', '_' or '-', as it goes in URLs; give NAME=FILE`},
		{"name of a hidden file", []string{"--model", ".m.gob"}, `--model ".m.gob": the name ".m" must be an ASCII letter or digit, then ASCII letters, digits, '.', '_' or '-'`},
		{"two models of one name", []string{"--model", "x/m.gob", "--model", "y/m.gob"}, `two models are named "m"; give NAME=FILE`},
		{"arguments", []string{"m.gob"}, "takes no arguments"},
		// It served, on every interface, at a port no one was told.
		{"an empty address", []string{"--addr", ""}, `--addr must be an address to listen on, as 127.0.0.1:8080, got ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", append([]string{"serve"}, tt.args...)...)
			if got.code != exitUsage || !strings.Contains(got.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d with %q", got.code, got.stderr, exitUsage, tt.want)
			}
		})
	}
}

// serveTexts are answered by serve and by predict --json, which must agree.
// The zero-width space is a text without a token (predict refuses an empty
// argument, which serve answers).
var serveTexts = []string{
	"Not bad!", "Not as good as I expected.", "A wonderful, moving film.", "Dull and far too long.",
	"\u200b", "¡Qué película! 🎬", strings.Repeat("an endless, joyless slog of a sequel ", 30),
}

// TestServeBinary runs rnnsent serve as a process: the answers are those
// of predict --json; SIGHUP reloads a good file and keeps the model on a
// damaged one; a request in flight at SIGTERM is answered, and the
// process exits 0.
func TestServeBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("sends Unix signals")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "rnnsent")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	file := filepath.Join(dir, "m.ckpt")
	if err := os.WriteFile(file, builtin.Checkpoint, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--model", "m="+file, "--log-format", "json", "--shutdown-timeout", "20s")
	logs, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan map[string]any, 100)
	go func() {
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			var m map[string]any
			json.Unmarshal(sc.Bytes(), &m)
			lines <- m
		}
		close(lines)
	}()
	// waitLog returns the first log line with msg after those read so far.
	waitLog := func(msg string) map[string]any {
		t.Helper()
		timeout := time.After(30 * time.Second)
		for {
			select {
			case m, ok := <-lines:
				if !ok {
					t.Fatalf("the log ended before %q", msg)
				}
				if m["msg"] == msg {
					return m
				}
			case <-timeout:
				t.Fatalf("no %q in the log", msg)
			}
		}
	}
	url := "http://" + waitLog("serving")["addr"].(string)

	t.Run("answers equal predict --json", func(t *testing.T) {
		args := append([]string{"predict", "--model", file, "--json"}, serveTexts...)
		out, err := exec.Command(bin, args...).Output()
		if err != nil {
			t.Fatal(err)
		}
		var want [][]float64
		for line := range strings.Lines(string(out)) {
			var p struct{ Probabilities map[string]float64 }
			json.Unmarshal([]byte(line), &p)
			want = append(want, []float64{p.Probabilities["negative"], p.Probabilities["positive"]})
		}
		status, v1 := postJSON(t, url+"/v1/models/m:predict", map[string]any{"instances": serveTexts})
		var got struct {
			Predictions []struct{ Probabilities map[string]float64 }
		}
		json.Unmarshal(v1, &got)
		status2, v2 := postJSON(t, url+"/v2/models/m/infer", map[string]any{"inputs": []map[string]any{
			{"name": "text", "datatype": "BYTES", "shape": []int{len(serveTexts)}, "data": serveTexts}}})
		var got2 struct {
			Outputs []struct {
				Name string
				Data json.RawMessage
			}
		}
		json.Unmarshal(v2, &got2)
		var fp32 []float32
		for _, o := range got2.Outputs {
			if o.Name == "probabilities" {
				json.Unmarshal(o.Data, &fp32)
			}
		}
		if status != 200 || status2 != 200 || len(got.Predictions) != len(want) || len(fp32) != 2*len(want) {
			t.Fatalf("v1 %d %s\nv2 %d %s", status, v1, status2, v2)
		}
		for i, w := range want {
			g := got.Predictions[i].Probabilities
			if g["negative"] != w[0] || g["positive"] != w[1] {
				t.Errorf("%q: v1 %v, predict --json %v", serveTexts[i], g, w)
			}
			if fp32[2*i] != float32(w[0]) || fp32[2*i+1] != float32(w[1]) {
				t.Errorf("%q: v2 %v, predict --json %v", serveTexts[i], fp32[2*i:2*i+2], w)
			}
		}
	})

	t.Run("SIGHUP with a good file, then a damaged one", func(t *testing.T) {
		if err := os.WriteFile(file, tinyCheckpoint(t), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd.Process.Signal(syscall.SIGHUP)
		waitLog("model reloaded")
		_, meta := getBody(t, url+"/v2/models/m")
		if !strings.Contains(meta, `"architecture":"gru 4→3"`) {
			t.Errorf("metadata after reloading the GRU: %s", meta)
		}
		_, before := postJSON(t, url+"/v1/models/m:predict", map[string]any{"instances": []string{"not good"}})
		if err := os.WriteFile(file, []byte("text,label\nfine,1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd.Process.Signal(syscall.SIGHUP)
		m := waitLog("reload failed; the model loaded before keeps serving")
		if !strings.Contains(fmt.Sprint(m["err"]), "not an rnnsent checkpoint") {
			t.Errorf("the log says %v", m)
		}
		status, after := postJSON(t, url+"/v1/models/m:predict", map[string]any{"instances": []string{"not good"}})
		if status != 200 || !bytes.Equal(after, before) {
			t.Errorf("after the damaged reload: %d %s, want %s", status, after, before)
		}
	})

	t.Run("SIGTERM finishes the request in flight and exits 0", func(t *testing.T) {
		conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		body := `{"instances": ["Not bad!"]}`
		fmt.Fprintf(conn, "POST /v1/models/m:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:10])
		time.Sleep(200 * time.Millisecond)
		cmd.Process.Signal(syscall.SIGTERM)
		waitLog("stopping: no new connections; waiting for the requests in flight")
		time.Sleep(200 * time.Millisecond)
		io.WriteString(conn, body[10:])
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		answer, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !strings.Contains(string(answer), `"predictions"`) {
			t.Errorf("the request in flight: %d %s", resp.StatusCode, answer)
		}
		waitLog("stopped")
		if err := cmd.Wait(); err != nil {
			t.Errorf("exit: %v, want status 0", err)
		}
	})
}

// TestServeOutlivesItsLog runs rnnsent serve with its access log, standard
// error, on a pipe whose reader goes, as "serve 2>&1 | head -1" leaves it:
// the server answers on without its log, and SIGTERM still ends it with
// status 0. SIGPIPE ended it at the first request it logged.
func TestServeOutlivesItsLog(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGPIPE")
	}
	bin := filepath.Join(t.TempDir(), "rnnsent")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	logs, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--log-format", "json")
	cmd.Stderr = w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	w.Close()
	first, err := bufio.NewReader(logs).ReadBytes('\n')
	var serving struct{ Addr string }
	if err != nil || json.Unmarshal(first, &serving) != nil || serving.Addr == "" {
		t.Fatalf("first log line %q: %v", first, err)
	}
	logs.Close()
	for i := range 3 {
		if status, _ := getBody(t, "http://"+serving.Addr+"/v2/health/ready"); status != 200 {
			t.Fatalf("request %d: status %d", i+1, status)
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit: %v, want status 0", err)
	}
}

func postJSON(t *testing.T, url string, v any) (int, []byte) {
	t.Helper()
	b, _ := json.Marshal(v)
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

func getBody(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// tinyCheckpoint is the file of an untrained binary GRU(3).
func tinyCheckpoint(t *testing.T) []byte {
	t.Helper()
	vocab := []string{tokenize.PadToken, tokenize.UnkToken, "good", "bad", "not"}
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Vocab: len(vocab), Embed: 4, Hidden: 3, Layers: 1, Classes: 2}
	m, err := model.New[float32](cfg, nil, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	c := model.Checkpoint{Config: cfg, TokenizerVersion: tokenize.Version, MaxLen: 20, Vocab: vocab, Labels: []string{"0", "1"}}
	c.SetNetworks([][]model.Tensor{m.Tensors()})
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
