package server_test

import (
	"io"
	"net/http"

	"github.com/stretchr/testify/require"
)

// fetch sends a request without a body and returns the status and the body as text (for downloads).
func (b *browser) fetch(method, path string) (int, string) {
	b.a.t.Helper()
	req, err := http.NewRequest(method, b.a.srv.URL+path, nil)
	require.NoError(b.a.t, err)
	req.Header.Set("Origin", b.a.srv.URL)
	resp, err := b.client.Do(req)
	require.NoError(b.a.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(b.a.t, err)
	return resp.StatusCode, string(data)
}
