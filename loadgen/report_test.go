package loadgen

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func cleanReport() *Report {
	return &Report{
		Scenario: ScenarioVotes, URL: "http://127.0.0.1:8080", Run: "r", WorkshopIDs: []int64{4}, Participants: 10, Connected: 10,
		WindowSeconds: 1, Ack: Stats{Count: 30, P50: 3, P95: 5, P99: 6, Max: 7},
		Votes:  &Votes{Expected: 30, Sent: 30, Acked: 30, Counted: 30, ExactlyOnce: true},
		Errors: map[string]int64{}, Dropped: map[string]int64{},
	}
}

func TestCleanRunHasNoFailures(t *testing.T) {
	r := cleanReport()
	assert.Empty(t, r.Failures())
	var out bytes.Buffer
	require.NoError(t, r.WriteTable(&out))
	assert.Contains(t, out.String(), "counted exactly once")
	assert.Contains(t, out.String(), "clean")
	assert.Regexp(t, `ack\s+30\s+3\.00\s+5\.00\s+6\.00\s+7\.00`, out.String())
}

func TestFailuresNameWhatWentWrong(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Report)
		want   string
	}{
		{"errors", func(r *Report) { r.Errors["rate_limited"] = 2 }, "2 errors"},
		{"missing connections", func(r *Report) { r.Connected = 8 }, "8 of 10"},
		{"unanswered", func(r *Report) { r.Unanswered = 1 }, "never answered"},
		{"duplicates", func(r *Report) { r.Duplicates = 1 }, "duplicate"},
		{"missing deliveries", func(r *Report) { r.Deliveries = &Deliveries{Expected: 5, Live: 4, Missing: 1} }, "missing"},
		{"votes miscounted", func(r *Report) { r.Votes.Counted, r.Votes.ExactlyOnce = 31, false }, "31 counted"},
		{"presence not settled", func(r *Report) { r.Join = &Join{} }, "presence"},
		{"connection lost", func(r *Report) { r.Dropped["close_4008"], r.Reconnected = 2, 1 }, "1 dropped connections did not come back"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := cleanReport()
			tc.change(r)
			assert.Contains(t, strings.Join(r.Failures(), "; "), tc.want)
			var out bytes.Buffer
			require.NoError(t, r.WriteTable(&out))
			assert.Contains(t, out.String(), "FAILED")
		})
	}
}

func TestReportJSONUsesStableFieldNames(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, cleanReport().WriteJSON(&out))
	var m map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &m))
	assert.Equal(t, 6.0, m["ack"].(map[string]any)["p99Ms"])
	assert.Equal(t, true, m["votes"].(map[string]any)["exactlyOnce"])
}

func TestResumedDropsAreNotFailuresButAreShown(t *testing.T) {
	r := cleanReport()
	r.Dropped["close_1001"], r.Reconnected = 3, 3
	assert.Empty(t, r.Failures())
	var out bytes.Buffer
	require.NoError(t, r.WriteTable(&out))
	assert.Contains(t, out.String(), "3 dropped (close_1001 3), 3 reconnected")
	assert.Contains(t, out.String(), "every dropped connection resumed")
}
