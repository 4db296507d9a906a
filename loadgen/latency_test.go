package loadgen

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRecorderPercentilesAreNearestRank(t *testing.T) {
	r := NewRecorder(0)
	for i := 100; i >= 1; i-- {
		r.Observe(time.Duration(i) * time.Millisecond)
	}
	s := r.Stats()
	assert.Equal(t, Stats{Count: 100, Mean: 50.5, P50: 50, P95: 95, P99: 99, Max: 100}, s)
}

func TestRecorderWithoutSamplesIsZero(t *testing.T) {
	assert.Equal(t, Stats{}, NewRecorder(0).Stats())
}

func TestRecorderPastItsLimitKeepsCountAndMaxExact(t *testing.T) {
	r := NewRecorder(100)
	for i := 1; i <= 10_000; i++ {
		r.Observe(time.Duration(i) * time.Microsecond)
	}
	s := r.Stats()
	assert.Equal(t, int64(10_000), s.Count)
	assert.Equal(t, 10.0, s.Max)
	assert.Len(t, r.samples, 100)
	// A uniform sample of 1..10000 µs has its median near 5 ms.
	assert.InDelta(t, 5.0, s.P50, 1.5)
}
