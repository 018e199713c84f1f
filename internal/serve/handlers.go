package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/rnnsent/rnnsent/internal/human"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/stream"
)

const statusClientClosed = 499

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// A model whose weights went NaN gives probabilities JSON cannot hold.
		writeError(w, &apiError{http.StatusInternalServerError, "the answer does not encode as JSON: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

func writeError(w http.ResponseWriter, e *apiError) {
	if e.status == http.StatusTooManyRequests || e.status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, e.status, map[string]string{"error": e.msg})
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request, _ string) {
	s.metrics.handler.ServeHTTP(w, r)
}

func (s *Server) serverMetadata(w http.ResponseWriter, _ *http.Request, _ string) {
	writeJSON(w, http.StatusOK, map[string]any{"name": "rnnsent", "version": s.cfg.Version, "extensions": []string{}, "models": s.order})
}

func (s *Server) live(w http.ResponseWriter, _ *http.Request, _ string) {
	writeJSON(w, http.StatusOK, map[string]bool{"live": true})
}

// ready is false once the server is stopping, so that a load balancer
// sends no more.
func (s *Server) ready(w http.ResponseWriter, _ *http.Request, _ string) {
	if s.stopping.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]bool{"ready": false})
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"ready": true})
}

// slot finds the model called name, or answers 404.
func (s *Server) slot(w http.ResponseWriter, name string) *slot {
	sl := s.models[name]
	if sl == nil {
		writeError(w, &apiError{http.StatusNotFound, fmt.Sprintf("no model named %q; this server has %s", name, strings.Join(s.order, ", "))})
	}
	return sl
}

func (s *Server) modelMetadata(w http.ResponseWriter, _ *http.Request, name string) {
	if sl := s.slot(w, name); sl != nil {
		writeJSON(w, http.StatusOK, describe(name, sl.cur.Load()))
	}
}

func (s *Server) modelReady(w http.ResponseWriter, _ *http.Request, name string) {
	if sl := s.slot(w, name); sl != nil {
		writeJSON(w, http.StatusOK, map[string]any{"name": name, "ready": true})
	}
}

// modelStatusV1 is TF Serving's model status.
func (s *Server) modelStatusV1(w http.ResponseWriter, _ *http.Request, name string) {
	if sl := s.slot(w, name); sl != nil {
		writeJSON(w, http.StatusOK, map[string]any{"model_version_status": []map[string]any{{
			"version": "1", "state": "AVAILABLE", "status": map[string]string{"error_code": "OK", "error_message": ""},
		}}})
	}
}

func (s *Server) inferV2(w http.ResponseWriter, r *http.Request, name string) {
	s.infer(w, r, name, decodeV2, encodeV2)
}

func (s *Server) predictV1(w http.ResponseWriter, r *http.Request, name string) {
	s.infer(w, r, name, decodeV1, encodeV1)
}

// infer reads a request, queues its texts for the model and writes the
// answer, or the error, as JSON.
func (s *Server) infer(w http.ResponseWriter, r *http.Request, name string,
	decode func([]byte, limits) (request, *apiError), encode func(string, *loaded, request, result) any) {
	sl := s.slot(w, name)
	if sl == nil {
		return
	}
	// The request keeps the model serving when it arrived, whatever a
	// reload swaps in while its body is read or it waits in the queue.
	l := sl.cur.Load()
	if e := s.checkHeaders(r); e != nil {
		writeError(w, e)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			writeError(w, s.tooLarge())
		} else {
			writeError(w, badRequest("reading the request: %v", err))
		}
		return
	}
	// Windows tools write UTF-8 with a byte-order mark, which JSON lets a
	// reader skip and the CLI skips in files; unskipped, it was told as
	// "malformed JSON: invalid character 'ï'".
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	req, e := decode(body, limits{s.cfg.MaxTexts, s.cfg.MaxTextBytes})
	if e == nil && req.trace {
		e = traceTooLarge(l, req.texts)
	}
	if e != nil {
		writeError(w, e)
		return
	}
	if req.trace {
		select {
		case s.traces <- struct{}{}:
			defer func() { <-s.traces }()
		case <-r.Context().Done():
			clientClosed(w)
			return
		}
	}
	t := &task{ctx: r.Context(), l: l, texts: req.texts, trace: req.trace}
	if !sl.batcher.submit(t) {
		writeError(w, &apiError{http.StatusTooManyRequests, fmt.Sprintf("model %q has %s waiting, its most (--queue); try again shortly", name, human.Count(s.cfg.QueueTexts, "text", "texts"))})
		return
	}
	select {
	case res := <-t.done:
		if res.err != nil {
			writeError(w, &apiError{http.StatusInternalServerError, res.err.Error()})
			return
		}
		if rec, ok := w.(*recorder); ok {
			rec.texts = len(req.texts)
		}
		writeJSON(w, http.StatusOK, encode(name, l, req, res))
	case <-r.Context().Done():
		// The batcher skips the task if it has not run it.
		clientClosed(w)
	}
}

// clientClosed records a request whose caller has gone: the log and the
// metrics say 499, nginx's code for this; the connection is closed, so
// nothing is sent.
func clientClosed(w http.ResponseWriter) {
	if rec, ok := w.(*recorder); ok {
		rec.status = statusClientClosed
	}
}

// MaxTraceValues bounds the probabilities of a traced answer, one per
// class at each token the model reads: 256 texts of 250 words traced by
// a model of 1,000 classes came to 51 million from a 131 KB request, and
// the server died of memory writing them as JSON.
const MaxTraceValues = 1 << 20

// traceTooLarge refuses a trace of texts by the model of l that would hold
// more than MaxTraceValues probabilities; nil when it would not.
func traceTooLarge(l *loaded, texts []string) *apiError {
	p, classes := l.copies[0], len(l.names)
	values := 0
	for _, t := range texts {
		if values += p.TraceLen(t) * classes; values > MaxTraceValues {
			return &apiError{http.StatusRequestEntityTooLarge, fmt.Sprintf("the trace would hold more than %d probabilities (the %d classes' at each token the model reads); trace fewer or shorter texts at a time", MaxTraceValues, classes)}
		}
	}
	return nil
}

// checkHeaders checks what the headers say of the body: JSON, not
// compressed, and no larger than the limit. A request without a
// Content-Type is taken as JSON.
func (s *Server) checkHeaders(r *http.Request) *apiError {
	// A gzip body was read as it came, and refused as "malformed JSON:
	// invalid character '\x1f'". 415 is what HTTP answers an encoding the
	// server does not take (RFC 9110, 15.5.16).
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		return &apiError{http.StatusUnsupportedMediaType, fmt.Sprintf("the body must not be compressed (Content-Encoding: %s); send it as it is", ce)}
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return &apiError{http.StatusUnsupportedMediaType, fmt.Sprintf("the body must be JSON (Content-Type: application/json), not %q", ct)}
		}
		// JSON is UTF-8 (RFC 8259); a UTF-16 body, as .NET's Encoding.Unicode
		// writes it, was refused as "malformed JSON: invalid character 'ÿ'".
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
			return &apiError{http.StatusUnsupportedMediaType, fmt.Sprintf("the body must be JSON in UTF-8, not %q", ct)}
		}
	}
	if r.ContentLength > s.cfg.MaxBodyBytes {
		return s.tooLarge()
	}
	return nil
}

func (s *Server) tooLarge() *apiError {
	return &apiError{http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is over %d bytes, the most this server takes (--max-body)", s.cfg.MaxBodyBytes)}
}

type v2Output struct {
	Name     string `json:"name"`
	Datatype string `json:"datatype"`
	Shape    []int  `json:"shape"`
	Data     any    `json:"data"`
}

// encodeV2 is the Open Inference Protocol response: the label of each
// text and its probabilities as an [N, C] tensor, row-major; with trace,
// the parameter "trace" holds each text's steps as predict --json --trace
// writes them.
func encodeV2(name string, l *loaded, req request, res result) any {
	n, c := len(res.probs), len(l.names)
	labels := make([]string, n)
	probs := make([]float32, 0, n*c)
	for i, p := range res.probs {
		labels[i] = l.names[model.Argmax(p)]
		for _, v := range p {
			probs = append(probs, float32(v))
		}
	}
	var outputs []v2Output
	for _, o := range v2Outputs {
		if req.outputs != nil && !slices.Contains(req.outputs, o) {
			continue
		}
		switch o {
		case "label":
			outputs = append(outputs, v2Output{o, "BYTES", []int{n}, labels})
		case "probabilities":
			outputs = append(outputs, v2Output{o, "FP32", []int{n, c}, probs})
		}
	}
	out := map[string]any{"model_name": name, "outputs": outputs}
	if req.id != "" {
		out["id"] = req.id
	}
	if req.trace {
		traces := make([][]stream.TraceStep, n)
		for i, steps := range res.steps {
			traces[i] = stream.Trace(l.names, steps)
		}
		out["parameters"] = map[string]any{"trace": traces}
	}
	return out
}

// encodeV1 answers rows with rows, {"predictions": [{"label", ...}, ...]},
// and columns with columns, {"outputs": {"label": [...], ...}}, as
// TF-Serving does.
func encodeV1(_ string, l *loaded, req request, res result) any {
	preds := make([]stream.Prediction, len(res.probs))
	for i, p := range res.probs {
		preds[i] = stream.NewPrediction(l.names, p, nil)
	}
	if !req.columnar {
		return map[string]any{"predictions": preds}
	}
	var cols struct {
		Label         []string             `json:"label"`
		Probability   []float64            `json:"probability"`
		Probabilities []map[string]float64 `json:"probabilities"`
	}
	for _, p := range preds {
		cols.Label = append(cols.Label, p.Label)
		cols.Probability = append(cols.Probability, p.Probability)
		cols.Probabilities = append(cols.Probabilities, p.Probabilities)
	}
	return map[string]any{"outputs": cols}
}
