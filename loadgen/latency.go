package loadgen

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// maxSamples bounds a recorder's memory (8 bytes a sample). Past it the
// recorder keeps a uniform random sample (reservoir sampling), while the
// count and maximum stay exact.
const maxSamples = 4 << 20

// Recorder collects latencies for percentiles. A sorted slice of durations is
// all an HDR histogram would give at these counts, without a dependency.
type Recorder struct {
	mu      sync.Mutex
	limit   int
	samples []time.Duration
	count   int64
	max     time.Duration
	sum     time.Duration
	rng     *rand.Rand
}

// NewRecorder returns a recorder keeping at most limit samples (maxSamples if limit <= 0).
func NewRecorder(limit int) *Recorder {
	if limit <= 0 || limit > maxSamples {
		limit = maxSamples
	}
	return &Recorder{limit: limit, rng: rand.New(rand.NewPCG(1, 2))}
}

// Observe records one latency.
func (r *Recorder) Observe(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.count++
	r.sum += d
	if d > r.max {
		r.max = d
	}
	if len(r.samples) < r.limit {
		r.samples = append(r.samples, d)
		return
	}
	if k := r.rng.Int64N(r.count); k < int64(r.limit) {
		r.samples[k] = d
	}
}

// Stats summarises a set of latencies in milliseconds.
type Stats struct {
	Count int64   `json:"count"`
	Mean  float64 `json:"meanMs"`
	P50   float64 `json:"p50Ms"`
	P95   float64 `json:"p95Ms"`
	P99   float64 `json:"p99Ms"`
	Max   float64 `json:"maxMs"`
}

// Stats computes the percentiles of what was recorded so far.
func (r *Recorder) Stats() Stats {
	r.mu.Lock()
	sorted := slices.Clone(r.samples)
	count, sum, max := r.count, r.sum, r.max
	r.mu.Unlock()
	if count == 0 {
		return Stats{}
	}
	slices.Sort(sorted)
	return Stats{
		Count: count,
		Mean:  ms(sum / time.Duration(count)),
		P50:   ms(percentile(sorted, 0.50)),
		P95:   ms(percentile(sorted, 0.95)),
		P99:   ms(percentile(sorted, 0.99)),
		Max:   ms(max),
	}
}

// percentile is the nearest-rank percentile of sorted samples.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// ms turns a duration into milliseconds rounded to microseconds.
func ms(d time.Duration) float64 {
	return math.Round(float64(d)/float64(time.Microsecond)) / 1000
}
