package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rnnsent/rnnsent/internal/predict"
)

// Server serves its models over HTTP.
type Server struct {
	cfg       Config
	log       *slog.Logger
	models    map[string]*slot
	order     []string // the model names as configured
	metrics   *metrics
	stopping  atomic.Bool
	closeOnce sync.Once
	reloading sync.Mutex // one Reload at a time
	// traces holds a token for each traced answer being made or written:
	// at most TracesInFlight, the others waiting their turn.
	traces chan struct{}
}

// TracesInFlight is how many traced answers the server holds at once. A
// traced answer may be a million probabilities (MaxTraceValues), some
// 30 MB of JSON, kept until its client has read it: without a bound, slow
// clients of many traces at once would hold as many.
const TracesInFlight = 8

// ErrNotStarted is returned by New when ctx is done before the models are
// loaded.
var ErrNotStarted = errors.New("interrupted before serving began")

// NewLogger is the access log written to w in format, "text" or "json":
// slog's text or JSON lines. A write that fails is dropped, the log's
// alone: the server answers on without it.
func NewLogger(w io.Writer, format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// New loads every model of cfg and starts its batcher; Close, or the end
// of Serve, stops them. When ctx is done first, it returns ErrNotStarted at
// once.
func New(ctx context.Context, cfg Config, log *slog.Logger) (*Server, error) {
	cfg = cfg.withDefaults()
	if cfg.QueueTexts > MaxQueueTexts {
		return nil, fmt.Errorf("a queue of %d texts is more than the %d a model's queue may hold", cfg.QueueTexts, MaxQueueTexts)
	}
	s := &Server{cfg: cfg, log: log, models: map[string]*slot{}, metrics: newMetrics(), traces: make(chan struct{}, TracesInFlight)}
	models := make([]*loaded, len(cfg.Models))
	for i, m := range cfg.Models {
		if slices.ContainsFunc(cfg.Models[:i], func(o Model) bool { return o.Name == m.Name }) {
			return nil, fmt.Errorf("two models are named %q", m.Name)
		}
		l, err := loadUntil(ctx, m.Path, cfg.Workers)
		if err != nil {
			return nil, err
		}
		models[i] = l
	}
	for i, m := range cfg.Models {
		l := models[i]
		sl := &slot{name: m.Name, path: m.Path}
		sl.cur.Store(l)
		sl.batcher = newBatcher(cfg.Workers, cfg.MaxBatch, cfg.QueueTexts, cfg.MaxWait, func(p *predict.Predictor, texts int, probs [][]float64) {
			s.metrics.observe(m.Name, p, texts, probs)
		})
		s.models[m.Name] = sl
		s.order = append(s.order, m.Name)
		s.metrics.setModel(m.Name, nil, l.copies[0])
		s.metrics.queueLength(m.Name, sl.batcher)
	}
	return s, nil
}

// loadUntil loads the model at path unless ctx is done first: a model file
// that is a named pipe no one writes to, or on a file system that hangs,
// held the start past Ctrl-C, which nothing watched yet.
func loadUntil(ctx context.Context, path string, workers int) (*loaded, error) {
	type made struct {
		l   *loaded
		err error
	}
	done := make(chan made, 1)
	go func() {
		l, err := load(path, workers)
		done <- made{l, err}
	}()
	select {
	case m := <-done:
		return m.l, m.err
	case <-ctx.Done():
		return nil, ErrNotStarted
	}
}

// Close stops the batchers after the requests they hold. Serve calls it
// at its end; a caller that only uses Handler calls it when done.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		for _, sl := range s.models {
			sl.batcher.close()
		}
	})
}

// Serve answers requests on ln until ctx is done, reloading the models on
// each receive from reload. Then it stops accepting, waits up to
// ShutdownTimeout for the requests in flight and returns nil, or an error
// if they did not finish in time.
func (s *Server) Serve(ctx context.Context, ln net.Listener, reload <-chan struct{}) error {
	defer s.Close()
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadTimeout:       s.cfg.ReadTimeout,
		ReadHeaderTimeout: s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	limited := newLimitListener(ln, s.cfg.MaxConnections, srv.SetKeepAlivesEnabled)
	s.metrics.openConnections(limited)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(limited) }()
	// Which file each name serves, as the other commands say when they
	// use the built-in model: a user may believe a model.gob is served.
	var models []string
	for _, name := range s.order {
		models = append(models, name+"="+s.models[name].cur.Load().copies[0].Name)
	}
	s.log.Info("serving", "addr", ln.Addr().String(), "models", models)
wait:
	for {
		select {
		case err := <-served:
			return err
		case <-reload:
			// Apart from this loop: a reload can block for good (a model
			// path that became a named pipe no one writes to), and SIGTERM
			// must still stop the server.
			go s.Reload()
		case <-ctx.Done():
			break wait
		}
	}
	s.stopping.Store(true)
	s.log.Info("stopping: no new connections; waiting for the requests in flight", "timeout", s.cfg.ShutdownTimeout.String())
	stopCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(stopCtx); err != nil {
		srv.Close()
		// Shutdown's error is its context's, "context deadline exceeded".
		return fmt.Errorf("requests still in flight after --shutdown-timeout %s were cut off", s.cfg.ShutdownTimeout)
	}
	s.log.Info("stopped")
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// route is an endpoint: its pattern (the route label of the metrics and
// the log), the methods it answers and its handler, which gets the model
// name of the path.
type route struct {
	pattern string
	methods []string
	handle  func(s *Server, w http.ResponseWriter, r *http.Request, model string)
}

var (
	get     = []string{http.MethodGet, http.MethodHead}
	post    = []string{http.MethodPost}
	routes  = map[string]route{}
	unknown = route{pattern: "unknown", handle: func(_ *Server, w http.ResponseWriter, r *http.Request, _ string) {
		writeError(w, &apiError{http.StatusNotFound, fmt.Sprintf("no endpoint %s; see GET / for the API", r.URL.Path)})
	}}
)

func init() {
	for _, rt := range []route{
		{"/", get, (*Server).page},
		{"/metrics", get, (*Server).serveMetrics},
		{"/v2", get, (*Server).serverMetadata},
		{"/v2/health/live", get, (*Server).live},
		{"/v2/health/ready", get, (*Server).ready},
		{"/v2/models/{name}", get, (*Server).modelMetadata},
		{"/v2/models/{name}/ready", get, (*Server).modelReady},
		{"/v2/models/{name}/infer", post, (*Server).inferV2},
		{"/v1/models/{name}", get, (*Server).modelStatusV1},
		{"/v1/models/{name}:predict", post, (*Server).predictV1},
	} {
		routes[rt.pattern] = rt
	}
}

// match finds the route of path and the model name in it.
func match(path string) (route, string) {
	if rt, ok := routes[path]; ok {
		return rt, ""
	}
	if rest, ok := strings.CutPrefix(path, "/v2/models/"); ok {
		name, tail, _ := strings.Cut(rest, "/")
		if rt, ok := routes["/v2/models/{name}"+slashed(tail)]; ok && name != "" {
			return rt, name
		}
	}
	if rest, ok := strings.CutPrefix(path, "/v1/models/"); ok && !strings.Contains(rest, "/") {
		name, verb, _ := strings.Cut(rest, ":")
		if verb != "" {
			verb = ":" + verb
		}
		if rt, ok := routes["/v1/models/{name}"+verb]; ok && name != "" {
			return rt, name
		}
	}
	return unknown, ""
}

func slashed(s string) string {
	if s == "" {
		return ""
	}
	return "/" + s
}

// Handler is the server's HTTP handler: every endpoint, with access log
// and metrics.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rt, model := match(r.URL.Path)
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		switch {
		case rt.methods != nil && !slices.Contains(rt.methods, r.Method):
			rec.Header().Set("Allow", strings.Join(rt.methods, ", "))
			writeError(rec, &apiError{http.StatusMethodNotAllowed, fmt.Sprintf("%s takes %s, not %s", rt.pattern, strings.Join(rt.methods, " or "), r.Method)})
		default:
			rt.handle(s, rec, r, model)
		}
		took := time.Since(start)
		code := strconv.Itoa(rec.status)
		s.metrics.requests.WithLabelValues(rt.pattern, code).Inc()
		s.metrics.latency.WithLabelValues(rt.pattern).Observe(took.Seconds())
		attrs := []slog.Attr{
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("route", rt.pattern),
			slog.Int("status", rec.status), slog.Int64("bytes", rec.bytes), slog.Duration("duration", took),
			slog.String("remote", r.RemoteAddr),
		}
		if model != "" {
			attrs = append(attrs, slog.String("model", model))
		}
		if rec.texts > 0 {
			attrs = append(attrs, slog.Int("texts", rec.texts))
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
	})
}

// recorder keeps what the access log and the metrics say of a response.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	texts  int
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}
