package realtime

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the live board's Prometheus instruments.
type Metrics struct {
	connections      prometheus.Gauge
	rooms            prometheus.Gauge
	commands         *prometheus.CounterVec
	eventsDelivered  prometheus.Counter
	evictions        prometheus.Counter
	ackLatency       prometheus.Histogram
	broadcastLatency prometheus.Histogram
	txLatency        prometheus.Histogram
	batchSize        prometheus.Histogram
	peerEvents       prometheus.Counter
	catchUpLatency   prometheus.Histogram
	boardReloads     prometheus.Counter
}

// latencyBuckets span a sub-millisecond ack to a stalled disk, in seconds.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}

// NewMetrics creates the instruments and registers them with reg (if not nil).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		connections: prometheus.NewGauge(prometheus.GaugeOpts{Name: "kizuki_connections", Help: "Open WebSocket connections."}),
		rooms:       prometheus.NewGauge(prometheus.GaugeOpts{Name: "kizuki_rooms", Help: "Live workshop rooms."}),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kizuki_commands_total", Help: "Commands by type and result (ack, refused, retry, failed)."},
			[]string{"type", "result"}),
		eventsDelivered: prometheus.NewCounter(prometheus.CounterOpts{Name: "kizuki_events_delivered_total", Help: "Event messages queued to connections."}),
		evictions:       prometheus.NewCounter(prometheus.CounterOpts{Name: "kizuki_queue_evictions_total", Help: "Connections dropped because their send queue was full."}),
		ackLatency: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "kizuki_ack_latency_seconds", Help: "From reading a command to queueing its ack.",
			Buckets: latencyBuckets}),
		broadcastLatency: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "kizuki_broadcast_latency_seconds", Help: "From commit to an event queued for every connection.",
			Buckets: latencyBuckets}),
		txLatency: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "kizuki_db_tx_latency_seconds", Help: "Duration of a command transaction (one command or a batch).",
			Buckets: latencyBuckets}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "kizuki_batch_commands", Help: "Commands committed per transaction.",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128}}),
		peerEvents: prometheus.NewCounter(prometheus.CounterOpts{Name: "kizuki_peer_events_total", Help: "Events committed by other processes that rooms caught up with."}),
		catchUpLatency: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "kizuki_peer_catchup_seconds", Help: "Reloading a board and delivering other processes' events.",
			Buckets: latencyBuckets}),
		boardReloads: prometheus.NewCounter(prometheus.CounterOpts{Name: "kizuki_peer_board_reloads_total", Help: "Catch-ups that reloaded the whole board instead of applying the events."}),
	}
	if reg != nil {
		reg.MustRegister(m.connections, m.rooms, m.commands, m.eventsDelivered, m.evictions,
			m.ackLatency, m.broadcastLatency, m.txLatency, m.batchSize, m.peerEvents, m.catchUpLatency, m.boardReloads)
	}
	return m
}
