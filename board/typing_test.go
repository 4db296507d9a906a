package board

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecideTypingRefusesBadData(t *testing.T) {
	cases := []struct {
		name, phase, data string
		who               Identity
		code              string // empty: accepted
	}{
		{"start in the current phase's column", "current", `{"column":"current","active":true}`, ken, ""},
		{"stop", "current", `{"column":"current","active":false}`, ken, ""},
		{"facilitator in another column", "current", `{"column":"first_steps","active":true}`, facil, ""},
		{"stop in another column is harmless", "ideal", `{"column":"current","active":false}`, ken, ""},
		{"missing data", "current", ``, ken, CodeBadRequest},
		{"null data", "current", `null`, ken, CodeBadRequest},
		{"data of the wrong shape", "current", `["current",true]`, ken, CodeBadRequest},
		{"unknown column", "current", `{"column":"wishes","active":true}`, ken, CodeBadRequest},
		{"missing column", "current", `{"active":true}`, ken, CodeBadRequest},
		{"missing active", "current", `{"column":"current"}`, ken, CodeBadRequest},
		{"active not a boolean", "current", `{"column":"current","active":"yes"}`, ken, CodeBadRequest},
		{"participant in a column not being written", "current", `{"column":"ideal","active":true}`, ken, CodeWrongPhase},
		{"nobody types once closed", PhaseClosed, `{"column":"current","active":true}`, facil, CodeWrongPhase},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := fuzzBoard(tc.phase, false)
			_, cerr := DecideTyping(st, tc.who, json.RawMessage(tc.data))
			if tc.code == "" {
				assert.Nil(t, cerr)
				return
			}
			require.NotNil(t, cerr)
			assert.Equal(t, tc.code, cerr.Code)
			assert.NotEmpty(t, cerr.Message)
		})
	}
}
