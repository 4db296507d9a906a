package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/server"
)

// send makes a request to the test server under another Host and Origin,
// as a browser does after a DNS-rebinding page resolved its name to us.
func send(t *testing.T, b *browser, method, path, host, origin, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, b.a.srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Host = host
	for _, ck := range b.client.Jar.Cookies(mustURL(b.a.srv.URL)) {
		req.AddCookie(ck) // the same browser, whatever name it used to reach us
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

func TestRequestsForAnotherHostAreRefused(t *testing.T) {
	testdbEach(t, func(c *server.Config) { c.AllowedHosts = []string{"kizuki.internal:8443"} }, func(t *testing.T, a *app) {
		b, _ := a.facilitator("f@example.com")
		ours := strings.TrimPrefix(a.srv.URL, "http://")
		cases := []struct {
			name, method, path, host, origin string
			want                             int
		}{
			{"signup through a rebound name", "POST", "/api/auth/signup", "evil.example", "http://evil.example", 421},
			{"reading through a rebound name", "GET", "/api/accounts", "evil.example:" + strings.Split(ours, ":")[1], "", 421},
			{"the app page through a rebound name", "GET", "/", "evil.example", "", 421},
			{"our host with a foreign origin", "POST", "/api/accounts", ours, "http://evil.example", 403},
			{"a foreign origin equal to the Host it sends", "POST", "/api/accounts", "evil.example", "http://evil.example", 421},
			{"an allowed extra host", "POST", "/api/accounts", "kizuki.internal:8443", "https://kizuki.internal:8443", 201},
			{"an address opened on the LAN", "POST", "/api/accounts", "192.168.1.10:8080", "http://192.168.1.10:8080", 201},
			{"another address's origin", "POST", "/api/accounts", "192.168.1.10:8080", "http://192.168.1.11:8080", 403},
			{"a name's origin on an address", "POST", "/api/accounts", "192.168.1.10:8080", "http://evil.example", 403},
			{"localhost", "GET", "/api/accounts", "localhost:8080", "", 200},
			{"health answers any host", "GET", "/healthz", "probe.internal", "", 200},
			{"readiness answers any host", "GET", "/readyz", "probe.internal", "", 200},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				body := ""
				if tc.method == "POST" {
					body = `{"name":"Acme 2","email":"x@example.com","password":"tarn-lantern-42"}`
				}
				assert.Equal(t, tc.want, send(t, b, tc.method, tc.path, tc.host, tc.origin, body))
			})
		}
		var accounts struct{ Accounts []struct{ Name string } }
		require.Equal(t, 200, b.do("GET", "/api/accounts", nil, &accounts))
		assert.Len(t, accounts.Accounts, 3, "only the allowed host's and the address's writes went through")

		// A facilitator's upgrade through a rebound name is refused too.
		h := http.Header{"Origin": {"http://evil.example"}, "Host": {"evil.example"}}
		for _, ck := range b.client.Jar.Cookies(mustURL(a.srv.URL)) {
			h.Add("Cookie", ck.Name+"="+ck.Value)
		}
		_, resp, err := websocketDial(a.wsURL(1, ""), h)
		require.Error(t, err)
		require.NotNil(t, resp)
		assert.Equal(t, 421, resp.StatusCode)
	})
}
