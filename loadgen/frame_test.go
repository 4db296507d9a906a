package loadgen

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFrameReadsTopLevelFieldsInAnyOrder(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		typ   string
		id    string
		event string
		code  string
		seq   int64
		data  string
	}{
		{"event", `{"type":"event","seq":12,"event":"idea.added","data":{"idea":{"id":3,"text":"a \"quoted\" }{ text"}}}`,
			"event", "", "idea.added", "", 12, `{"idea":{"id":3,"text":"a \"quoted\" }{ text"}}`},
		{"ack", `{"type":"ack","id":"P1-ab-2","seq":7}`, "ack", "P1-ab-2", "", "", 7, ""},
		{"error", `{"type":"error","id":"x","code":"rate_limited","message":"slow down"}`, "error", "x", "", "rate_limited", -1, ""},
		{"reordered with spaces", ` { "seq" : 5 , "data" : [1, {"a":[]}] , "type" : "snapshot" } `, "snapshot", "", "", "", 5, `[1, {"a":[]}]`},
		{"nested keys do not leak", `{"type":"presence","data":{"type":"inner","seq":99,"id":"inner"}}`, "presence", "", "", "", -1, `{"type":"inner","seq":99,"id":"inner"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var f frame
			f.seq = -1
			require.NoError(t, parseFrame([]byte(tc.in), &f, false))
			assert.Equal(t, tc.typ, string(f.typ))
			assert.Equal(t, tc.id, string(f.id))
			assert.Equal(t, tc.event, string(f.event))
			assert.Equal(t, tc.code, string(f.code))
			if tc.seq >= 0 {
				assert.Equal(t, tc.seq, f.seq)
			}
			assert.Equal(t, tc.data, string(f.data))
		})
	}
}

func TestParseFrameRefusesMalformedFrames(t *testing.T) {
	for _, in := range []string{``, `[]`, `{"type":`, `{"type":"ack"`, `{"type":"a\"}`, `{type:"ack"}`, `{"data":{"a":1}`} {
		var f frame
		assert.Error(t, parseFrame([]byte(in), &f, false), in)
	}
}

func TestParseFrameSkipsPresenceBodyWhenAsked(t *testing.T) {
	var f frame
	// The rest of the frame is broken: a skipping client must not even look at it.
	require.NoError(t, parseFrame([]byte(`{"type":"presence","data":{"online":[{`), &f, true))
	assert.Equal(t, "presence", string(f.typ))
	assert.Nil(t, f.data)
}

func TestParseFrameDoesNotAllocate(t *testing.T) {
	msg := []byte(`{"type":"event","seq":12,"event":"idea.added","data":{"idea":{"id":3,"text":"kzl:ab:1:2:3; hello"}}}`)
	var f frame
	allocs := testing.AllocsPerRun(100, func() { _ = parseFrame(msg, &f, true) })
	assert.Zero(t, allocs)
}

func TestObjectIntFindsPresenceCount(t *testing.T) {
	data := []byte(`{"online":[{"id":1,"name":"count \"count\":5","layer":"other"}],"facilitators":1,"count":1}`)
	assert.Equal(t, int64(1), objectInt(data, "count"))
	assert.Equal(t, int64(1), objectInt(data, "facilitators"))
	assert.Equal(t, int64(-1), objectInt(data, "missing"))
	assert.Equal(t, int64(-1), objectInt([]byte(`{"count":"x"}`), "count"))
}

func TestReadFrameGrowsTheBuffer(t *testing.T) {
	msg := strings.Repeat("x", 10_000)
	buf, err := readFrame(iotest.OneByteReader(strings.NewReader(msg)), make([]byte, 0, 16))
	require.NoError(t, err)
	assert.Equal(t, msg, string(buf))
	buf, err = readFrame(bytes.NewReader([]byte("short")), buf)
	require.NoError(t, err)
	assert.Equal(t, "short", string(buf))
}
