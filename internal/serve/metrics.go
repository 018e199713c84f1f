package serve

import (
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/predict"
)

// metrics are what /metrics shows, in a registry of the server's own so
// that servers in one process (tests) count apart.
type metrics struct {
	reg      *prometheus.Registry
	handler  http.Handler // /metrics
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	batch    *prometheus.HistogramVec
	texts    *prometheus.CounterVec
	info     *prometheus.GaugeVec
	reloads  *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rnnsent_http_requests_total",
			Help: "HTTP requests answered, by route and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rnnsent_http_request_duration_seconds",
			Help:    "Time from a request's arrival to its answer, by route.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .2, .5, 1, 2, 5},
		}, []string{"route"}),
		batch: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rnnsent_batch_texts",
			Help:    "Texts in one forward pass of a model (a traced text is a pass of its own).",
			Buckets: prometheus.ExponentialBuckets(1, 2, 9),
		}, []string{"model"}),
		texts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rnnsent_texts_total",
			Help: "Texts labelled, by model and the label given.",
		}, []string{"model", "label"}),
		info: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "rnnsent_model_info",
			Help: "The model serving under each name: its file, architecture and classes; 1 for the model in use.",
		}, []string{"model", "file", "architecture", "classes"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rnnsent_model_reloads_total",
			Help: "Reloads of a model's file, by result: ok, or failed (the old model kept serving).",
		}, []string{"model", "result"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.batch, m.texts, m.info, m.reloads,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

// queueLength shows how many texts wait for the model called name.
func (m *metrics) queueLength(name string, b *batcher) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "rnnsent_queue_texts",
		Help:        "Texts waiting for a forward pass.",
		ConstLabels: prometheus.Labels{"model": name},
	}, func() float64 { return float64(b.queued.Load()) }))
}

// openConnections shows how many connections l holds open.
func (m *metrics) openConnections(l *limitListener) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "rnnsent_http_open_connections",
		Help: "Connections open, at most --max-connections; past it new ones wait.",
	}, func() float64 { return float64(l.open()) }))
}

// setModel shows p as the model serving under name, in place of old.
func (m *metrics) setModel(name string, old, p *predict.Predictor) {
	if old != nil {
		m.info.DeleteLabelValues(infoLabels(name, old)...)
	}
	m.info.WithLabelValues(infoLabels(name, p)...).Set(1)
}

func infoLabels(name string, p *predict.Predictor) []string {
	return []string{name, utf8Label(p.Name), architecture(p.Checkpoint.Config), utf8Label(strings.Join(p.Names(), ","))}
}

// utf8Label is s as a metric's label may hold it: the Prometheus client
// panics on one that is not UTF-8, as a class name or a file name from a
// Latin-1 system may be.
func utf8Label(s string) string { return strings.ToValidUTF8(s, "\ufffd") }

// architecture is a model's shape in one short phrase, as
// "lstm 256→200 last+max".
func architecture(c model.Config) string {
	if c.Arch == model.ArchBOW {
		return "bow " + itoa(c.Embed) + "→" + itoa(c.Hidden)
	}
	s := c.Cell + " " + itoa(c.Embed) + "→" + itoa(c.Hidden)
	if c.Layers > 1 {
		s += " ×" + itoa(c.Layers)
	}
	if c.Bidirectional {
		s += " bidirectional"
	}
	if c.Pool != "" {
		s += " " + c.Pool
	}
	return s
}

// observe counts one forward pass of p under name.
func (m *metrics) observe(name string, p *predict.Predictor, texts int, probs [][]float64) {
	m.batch.WithLabelValues(name).Observe(float64(texts))
	names := p.Names()
	for _, pr := range probs {
		m.texts.WithLabelValues(name, utf8Label(names[model.Argmax(pr)])).Inc()
	}
}
