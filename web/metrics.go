package web

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own so
// that two servers in one process (tests) do not collide.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	errors   *prometheus.CounterVec
	rejected prometheus.Counter
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "precedent_http_requests_total", Help: "HTTP requests by route and status code.",
	}, []string{"route", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "precedent_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route"})
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "precedent_http_errors_total", Help: "HTTP requests answered with an error, by route and kind (client, server, overload).",
	}, []string{"route", "kind"})
	m.rejected = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "precedent_overload_rejections_total", Help: "Searches refused with 503 because every slot was busy.",
	})
	docs := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "precedent_index_documents", Help: "Suggestions in the served index.",
	}, func() float64 { return float64(s.Searcher().DocCount()) })
	age := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "precedent_index_age_seconds", Help: "Seconds since the served index was built.",
	}, func() float64 { return time.Since(s.Searcher().Meta().BuiltAt).Seconds() })
	m.reg.MustRegister(m.requests, m.latency, m.errors, m.rejected, docs, age,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// middleware records every request.
func (m *metrics) middleware(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	code := c.Writer.Status()
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	switch {
	case route == "/healthz":
		// 503 there says "loading" or "stale", not an error of a request.
	case code == 503:
		m.errors.WithLabelValues(route, "overload").Inc()
	case code >= 500:
		m.errors.WithLabelValues(route, "server").Inc()
	case code >= 400:
		m.errors.WithLabelValues(route, "client").Inc()
	}
}

func (m *metrics) handler() gin.HandlerFunc {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return func(c *gin.Context) { h.ServeHTTP(c.Writer, c.Request) }
}
