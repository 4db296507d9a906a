package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// raw sends body as it is (no JSON encoding) and returns the status and error code.
func (b *browser) raw(method, path string, body io.Reader, chunked bool) (int, string) {
	b.a.t.Helper()
	req, err := http.NewRequest(method, b.a.srv.URL+path, body)
	require.NoError(b.a.t, err)
	if chunked {
		req.ContentLength = -1 // no length: sent chunked
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", b.a.srv.URL)
	resp, err := b.client.Do(req)
	require.NoError(b.a.t, err)
	defer resp.Body.Close()
	var e apiErr
	data, _ := io.ReadAll(resp.Body)
	_ = jsonUnmarshal(data, &e)
	return resp.StatusCode, e.Error.Code
}

func TestMalformedTextIsRefusedEverywhereAndChangesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, _ := a.facilitator("f@example.com")
		cases := []struct {
			name, method, path, body string
			want                     int
			code                     string
		}{
			{"NUL in a name", "POST", "/api/accounts", `{"name":"Acme\u0000KK"}`, 400, "bad_request"},
			{"NUL in notes", "POST", "/api/accounts", `{"name":"Acme","notes":"a\u0000"}`, 400, "bad_request"},
			{"NUL in a password", "POST", "/api/auth/signup", `{"email":"n@example.com","password":"tarn-lantern\u000042","name":"N"}`, 400, "bad_request"},
			{"invalid UTF-8", "POST", "/api/accounts", "{\"name\":\"Acme \xff\xfe\"}", 400, "bad_request"},
			{"an escaped backslash before u0000 is text", "POST", "/api/accounts", `{"name":"C:\\u0000"}`, 201, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				status, code := b.raw(tc.method, tc.path, strings.NewReader(tc.body), false)
				assert.Equal(t, tc.want, status)
				assert.Equal(t, tc.code, code)
			})
		}
		var accounts struct{ Accounts []struct{ Name string } }
		require.Equal(t, 200, b.do("GET", "/api/accounts", nil, &accounts))
		names := []string{}
		for _, acct := range accounts.Accounts {
			names = append(names, acct.Name)
		}
		assert.ElementsMatch(t, []string{"Acme KK", `C:\u0000`}, names)

		for _, q := range []string{"?q=" + strings.Repeat("a", 100_000), "?q=%00", "?industry=%ff"} {
			status, _ := b.raw("GET", "/api/templates"+q, nil, false)
			assert.Equal(t, 400, status, "query %.20s", q)
		}
	})
}

func TestOversizedInputIsBoundedBeforeTheDatabase(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, _ := a.facilitator("f@example.com")
		var m struct{ ID int64 }
		var acct struct{ Accounts []struct{ ID int64 } }
		require.Equal(t, 200, b.do("GET", "/api/accounts", nil, &acct))
		require.Equal(t, 201, b.do("POST", "/api/maps", map[string]any{"accountId": acct.Accounts[0].ID, "title": "M"}, &m))
		ids := make([]string, 70_000)
		for i := range ids {
			ids[i] = fmt.Sprint(i + 1)
		}
		body := `{"challenges":[{"text":"C","offeringIds":[` + strings.Join(ids, ",") + `]}]}`
		status, code := b.raw("PATCH", fmt.Sprintf("/api/maps/%d", m.ID), strings.NewReader(body), false)
		assert.Equal(t, 400, status)
		assert.Equal(t, "bad_request", code)

		big := bytes.NewReader(append(append([]byte(`{"name":"`), bytes.Repeat([]byte("a"), 2<<20)...), []byte(`"}`)...))
		status, code = b.raw("POST", "/api/accounts", big, true)
		assert.Equal(t, 413, status, "a chunked body over the limit")
		assert.Equal(t, "too_large", code)
	})
}

func TestTheCommonestPasswordsAreRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		for _, pw := range []string{"12345678", "password", "Password1", "qwertyuiop", "aaaaaaaa", "abcdefgh", "87654321", "aiko-the-csm!", "my aiko pass"} {
			var e apiErr
			status := a.browser().do("POST", "/api/auth/signup", map[string]string{"email": "aiko-the-csm@example.com", "password": pw, "name": "Aiko"}, &e)
			assert.Equal(t, 400, status, pw)
			assert.Equal(t, "weak_password", e.Error.Code, pw)
		}
		require.Equal(t, 201, a.browser().do("POST", "/api/auth/signup", map[string]string{"email": "aiko-the-csm@example.com", "password": "tarn-lantern-42", "name": "Aiko"}, nil))
	})
}

func TestPasswordsLongerThanBcryptReadsNeverSignIn(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		pw := strings.Repeat("k", 60) + "-tarn-lantern"[:12] // 72 bytes
		require.Len(t, pw, 72)
		require.Equal(t, 201, a.browser().do("POST", "/api/auth/signup", map[string]string{"email": "long@example.com", "password": pw, "name": "L"}, nil))
		assert.Equal(t, 200, a.browser().do("POST", "/api/auth/login", map[string]string{"email": "long@example.com", "password": pw}, nil))
		assert.Equal(t, 401, a.browser().do("POST", "/api/auth/login", map[string]string{"email": "long@example.com", "password": pw + "anything"}, nil),
			"bcrypt would read only the first 72 bytes; the extra ones are not ignored")
	})
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
