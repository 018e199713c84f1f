// Command loadgen sends a fixed number of inference requests to a server
// from a fixed number of concurrent clients, and stops: bench/serve.sh's
// load generator. Each request carries the next -batch lines of -texts,
// round and round, in the TF-Serving v1 shape ({"instances": [...]}) or
// the Open Inference Protocol v2 one. It prints one JSON line:
// requests, texts, seconds, throughput of answered (200) requests, latency
// percentiles and the count of each HTTP status.
//
// It shares the machine's cores with the server it measures, so it spends
// as little as it can per request: each client keeps one connection open,
// writes requests encoded beforehand, and reads each answer whole with
// http.ReadResponse, without the goroutines of net/http's client.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	target := flag.String("url", "http://127.0.0.1:8080/v1/models/sst2:predict", "endpoint to POST to")
	shape := flag.String("shape", "v1", "request shape: v1 or v2")
	textsFile := flag.String("texts", "", "file of texts, one a line (required)")
	clients := flag.Int("clients", 32, "concurrent clients, each with a request in flight at a time")
	requests := flag.Int("requests", 10000, "requests to send in all")
	batch := flag.Int("batch", 1, "texts per request")
	timeout := flag.Duration("timeout", 30*time.Second, "longest wait for one answer")
	flag.Parse()
	if *textsFile == "" || *clients < 1 || *requests < 1 || *batch < 1 || (*shape != "v1" && *shape != "v2") {
		flag.Usage()
		os.Exit(2)
	}
	texts, err := readLines(*textsFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
	u, err := url.Parse(*target)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		fmt.Fprintf(os.Stderr, "loadgen: -url %q: want http://HOST:PORT/PATH\n", *target)
		os.Exit(2)
	}
	// Request i carries the texts from (i * batch) mod len(texts) on, so
	// there are at most len(texts) different requests.
	reqs := make([][]byte, len(texts))
	for i := range reqs {
		reqs[i] = request(u, encode(*shape, pick(texts, i, *batch)))
	}
	var (
		next      atomic.Int64
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, *requests)
		statuses  = map[string]int{}
		wg        sync.WaitGroup
	)
	start := time.Now()
	for range *clients {
		wg.Go(func() {
			c := &client{addr: u.Host, timeout: *timeout}
			defer c.close()
			var took []time.Duration
			seen := map[string]int{}
			for {
				i := int(next.Add(1)) - 1
				if i >= *requests {
					break
				}
				t0 := time.Now()
				status := c.send(reqs[i**batch%len(texts)])
				took = append(took, time.Since(t0))
				seen[status]++
			}
			mu.Lock()
			latencies = append(latencies, took...)
			for k, n := range seen {
				statuses[k] += n
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	// Throughput counts the answers (200) only: a server that times out
	// does not get the credit of the requests it failed.
	ok := statuses["200"]
	slices.Sort(latencies)
	ms := func(q float64) float64 {
		return float64(latencies[min(len(latencies)-1, int(q*float64(len(latencies))))].Microseconds()) / 1000
	}
	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"requests": *requests, "clients": *clients, "batch": *batch, "texts": *requests * *batch,
		"seconds": round(secs), "requests_per_s": round(float64(ok) / secs), "texts_per_s": round(float64(ok**batch) / secs),
		"p50_ms": ms(0.50), "p99_ms": ms(0.99), "max_ms": ms(1), "status": statuses,
	})
}

func round(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }

func readLines(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() != "" {
			lines = append(lines, sc.Text())
		}
	}
	if len(lines) == 0 && sc.Err() == nil {
		return nil, fmt.Errorf("%s: no texts", name)
	}
	return lines, sc.Err()
}

// pick is n texts from the i-th on, wrapping around.
func pick(texts []string, i, n int) []string {
	out := make([]string, n)
	for k := range out {
		out[k] = texts[(i+k)%len(texts)]
	}
	return out
}

func encode(shape string, texts []string) []byte {
	var v any = map[string]any{"instances": texts}
	if shape == "v2" {
		v = map[string]any{"inputs": []map[string]any{{"name": "text", "datatype": "BYTES", "shape": []int{len(texts)}, "data": texts}}}
	}
	b, _ := json.Marshal(v)
	return b
}

// request is the whole HTTP request that posts body to u.
func request(u *url.URL, body []byte) []byte {
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", u.RequestURI(), u.Host, len(body))
	return append([]byte(head), body...)
}

// client is one keep-alive connection, opened again after the server
// closes it or an error.
type client struct {
	addr    string
	timeout time.Duration
	conn    net.Conn
	r       *bufio.Reader
}

// send writes req and reads the whole answer; it returns the status code,
// or "error" when no answer came. The first error is printed to stderr.
func (c *client) send(req []byte) string {
	status, err := c.roundTrip(req)
	if err != nil {
		c.close()
		firstError.Do(func() { fmt.Fprintln(os.Stderr, "loadgen:", err) })
		return "error"
	}
	return status
}

func (c *client) roundTrip(req []byte) (string, error) {
	if c.conn == nil {
		conn, err := net.DialTimeout("tcp", c.addr, c.timeout)
		if err != nil {
			return "", err
		}
		c.conn, c.r = conn, bufio.NewReader(conn)
	}
	c.conn.SetDeadline(time.Now().Add(c.timeout))
	if _, err := c.conn.Write(req); err != nil {
		return "", err
	}
	resp, err := http.ReadResponse(c.r, nil)
	if err != nil {
		return "", err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return "", err
	}
	if resp.Close {
		c.close()
	}
	return strconv.Itoa(resp.StatusCode), nil
}

func (c *client) close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
}

var firstError sync.Once
