package realtime

import (
	"testing"
	"unicode/utf8"
)

// FuzzFrame feeds arbitrary frames through the command decoder: nothing may
// panic, a refusal carries a code and a message, and an accepted frame
// names a known command with a valid id. board's FuzzCommand takes the
// accepted commands on through every handler.
func FuzzFrame(f *testing.F) {
	for _, seed := range []string{
		`{"id":"1","type":"idea.add","data":{"column":"current","text":"hello"}}`,
		`{"id":"x","type":"timer.pause"}`,
		`{"id":"12","type":"typing","data":{"column":"current","active":true}}`,
		`{"id":"1"}{"id":"2"}`, `[]`, `null`, `{"id":1}`, "\xff",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, frame []byte) {
		cmd, cerr := decodeCommand(frame)
		if cerr != nil {
			if cerr.Code == "" || cerr.Message == "" {
				t.Fatalf("refusal without code or message: %+v", cerr)
			}
			return
		}
		if !knownCommand(cmd.Type) || cmd.ID == "" || len(cmd.ID) > MaxCommandIDLen || !utf8.ValidString(cmd.ID) {
			t.Fatalf("accepted a frame it should refuse: %+v", cmd)
		}
	})
}
