package loadgen

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdeaMarkerRoundTrips(t *testing.T) {
	tr := newIdeaTracker(&driver{run: "abcd1234"}, 3, 100)
	text := tr.text(42, 7, 1500*time.Millisecond)
	i := bytes.Index([]byte(text), tr.prefix)
	require.Equal(t, 0, i)
	k, sender, sent, ok := parseMarker([]byte(text)[len(tr.prefix):])
	require.True(t, ok)
	assert.Equal(t, 42, k)
	assert.Equal(t, 7, sender)
	assert.Equal(t, int64(1_500_000_000), sent)
	assert.LessOrEqual(t, len([]rune(text)), 500, "within the server's idea limit")

	for _, bad := range []string{"", "1:2", "1:2:3", "a:2:3;", "1:-2:3;"} {
		_, _, _, ok := parseMarker([]byte(bad))
		assert.False(t, ok, bad)
	}
}

func TestIdeaTrackerCountsEachIdeaOncePerReceiver(t *testing.T) {
	tr := newIdeaTracker(&driver{run: "r"}, 2, 130)
	assert.True(t, tr.mark(0, 129))
	assert.False(t, tr.mark(0, 129))
	assert.True(t, tr.mark(1, 129))
	assert.False(t, tr.mark(2, 0), "unknown participant")
	assert.False(t, tr.mark(0, 200), "unknown idea")
}
