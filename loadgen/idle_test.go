package loadgen

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRSSReadsVmRSS(t *testing.T) {
	status := "Name:\tkizuki\nVmPeak:\t  900 kB\nVmRSS:\t   51234 kB\nThreads:\t8\n"
	kib, err := parseRSS(strings.NewReader(status))
	require.NoError(t, err)
	assert.Equal(t, int64(51234), kib)
	_, err = parseRSS(strings.NewReader("Name:\tx\n"))
	assert.Error(t, err)
}

func TestReadRSSOfThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	kib, err := readRSS(os.Getpid())
	require.NoError(t, err)
	assert.Positive(t, kib)
}

func TestCPUSamplesSplitTheMachine(t *testing.T) {
	if _, err := os.Stat("/proc/stat"); err != nil {
		t.Skip("no /proc")
	}
	a := sampleCPU(os.Getpid())
	require.True(t, a.ok)
	for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
	}
	b := sampleCPU(os.Getpid())
	c := cpuBetween(a, b)
	require.NotNil(t, c)
	assert.Positive(t, c.Cores)
	assert.GreaterOrEqual(t, c.LoadGen, 0.0)
	assert.Nil(t, cpuBetween(cpuSample{}, b), "no figures without /proc")
}
