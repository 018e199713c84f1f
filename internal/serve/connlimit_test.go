package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestConnectionsPastTheLimitWaitTheirTurn checks that a server at
// MaxConnections accepts no more until one closes, then answers the
// caller who waited.
func TestConnectionsPastTheLimitWaitTheirTurn(t *testing.T) {
	r := startServer(t, Config{MaxConnections: 2, ReadTimeout: 10 * time.Second})
	body := `{"instances": ["Not bad!"]}`
	first := startSlowRequest(t, r.url, "/v1/models/sst2:predict", body)
	second := startSlowRequest(t, r.url, "/v1/models/sst2:predict", body)
	waited := make(chan int, 1)
	go func() {
		resp, err := http.Post(r.url+"/v1/models/sst2:predict", "application/json", strings.NewReader(body))
		if err != nil {
			t.Error(err)
			waited <- 0
			return
		}
		resp.Body.Close()
		waited <- resp.StatusCode
	}()
	select {
	case status := <-waited:
		t.Fatalf("a third connection was answered (%d) while two requests held the two connections allowed", status)
	case <-time.After(500 * time.Millisecond):
	}
	if status, _ := first.finish(t); status != 200 {
		t.Errorf("the first request: %d", status)
	}
	select {
	case status := <-waited:
		if status != 200 {
			t.Errorf("the caller who waited: %d", status)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the caller who waited was not answered once a connection closed")
	}
	if status, _ := second.finish(t); status != 200 {
		t.Errorf("the second request: %d", status)
	}
}

// TestKeepAliveStaysOnAtTheLimit: at the limit with no one else calling,
// the listener turned keep-alive off while it waited for a slot, so that
// every answer to a pool of --max-connections clients closed its
// connection (and TestIdleConnectionsDoNotHoldTheSlots failed one run in
// ten, as the race went).
func TestKeepAliveStaysOnAtTheLimit(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	switched := make(chan bool, 4)
	l := newLimitListener(ln, 1, func(on bool) { switched <- on })
	next := func() (on, ok bool) {
		select {
		case on := <-switched:
			return on, true
		case <-time.After(5 * time.Second):
			return false, false
		}
	}
	defer l.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	served, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer served.Close()
	go l.Accept() // the server's next Accept, with no one calling
	select {
	case on := <-switched:
		t.Errorf("keep-alive turned %v with no one waiting", on)
	case <-time.After(200 * time.Millisecond):
	}
	// A caller past the limit turns it off, and a freed slot back on.
	other, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if on, ok := next(); on || !ok {
		t.Fatalf("keep-alive turned %v (%v) for a caller past the limit, want off", on, ok)
	}
	served.Close()
	if on, ok := next(); !on || !ok {
		t.Errorf("keep-alive turned %v (%v) once a slot was free, want on", on, ok)
	}
}

// TestIdleConnectionsDoNotHoldTheSlots checks that keep-alive connections
// left idle are closed when a new caller needs their slot, rather than
// holding it for IdleTimeout.
func TestIdleConnectionsDoNotHoldTheSlots(t *testing.T) {
	r := startServer(t, Config{MaxConnections: 2, IdleTimeout: time.Minute})
	var idle []net.Conn
	for range 2 {
		conn, err := net.Dial("tcp", strings.TrimPrefix(r.url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		idle = append(idle, conn)
		fmt.Fprintf(conn, "GET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil || resp.StatusCode != 200 || resp.Close {
			t.Fatalf("a keep-alive request: %v %v", resp, err)
		}
		resp.Body.Close()
	}
	other := &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}
	start := time.Now()
	for range 3 {
		if status, err := getWith(t, other, r.url+"/v2/health/live"); status != 200 {
			t.Fatalf("a new caller beside two idle connections: %d %v", status, err)
		}
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("a new caller waited %s beside two idle connections", took)
	}
	// The gauge counts the connections the server holds: once the
	// clients have closed theirs (the server sees it a moment later), the
	// scrape's own alone. An idle connection that was still finishing its
	// answer when the new caller came may have kept its slot, as it may
	// once no caller waits, so the test closes both.
	other.CloseIdleConnections()
	for _, conn := range idle {
		conn.Close()
	}
	scraper := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	var metrics string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		resp, err := scraper.Get(r.url + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if metrics = grepLines(string(b), "rnnsent_http_open_connections "); metrics == "rnnsent_http_open_connections 1\n" {
			return
		}
	}
	t.Errorf("want one connection open, the scrape's; /metrics has %s", metrics)
}

func getWith(t *testing.T, c *http.Client, url string) (int, error) {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestCloseAnswersAGatheringBatchAtOnce checks that stopping a batcher
// ends a batch that is waiting MaxWait for others to join it: its caller
// is answered at once, not when the wait is over.
func TestCloseAnswersAGatheringBatchAtOnce(t *testing.T) {
	s := newTestServer(t, Config{Workers: 1, MaxBatch: 8, MaxWait: time.Hour})
	sl := s.models["sst2"]
	task := &task{ctx: context.Background(), l: sl.cur.Load(), texts: []string{"Not bad!"}}
	if !sl.batcher.submit(task) {
		t.Fatal("submit refused")
	}
	time.Sleep(100 * time.Millisecond) // the worker takes it and waits for more
	closed := make(chan struct{})
	go func() {
		s.Close()
		close(closed)
	}()
	select {
	case res := <-task.done:
		if res.err != nil || len(res.probs) != 1 {
			t.Errorf("answer: %v %v", res.probs, res.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a batch gathering for an hour was not answered when the batcher stopped")
	}
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
}
