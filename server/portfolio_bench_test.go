package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
	"github.com/kizuki-app/kizuki/server"
)

// portfolioAccounts is the size of a large team's portfolio, the target being
// GET /api/portfolio under 100 ms with this many accounts on SQLite.
const portfolioAccounts = 5_000

// portfolioApp is the real HTTP app (no real-time hub: the portfolio needs
// none) on a real listener, with a signed-in client.
func portfolioApp(tb testing.TB, store *models.Store) (*httptest.Server, *http.Client) {
	tb.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	s, err := server.New(server.Config{BaseURL: base, BcryptCost: bcrypt.MinCost}, store, nil, testAssets, logger)
	require.NoError(tb, err)
	srv.Config.Handler = s.Handler()
	srv.Start()
	tb.Cleanup(srv.Close)
	jar, err := cookiejar.New(nil)
	require.NoError(tb, err)
	client := &http.Client{Jar: jar, Timeout: time.Minute}
	send := func(method, path, contentType, body string) *http.Response {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		require.NoError(tb, err)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Origin", srv.URL)
		resp, err := client.Do(req)
		require.NoError(tb, err)
		return resp
	}
	resp := send("POST", "/api/auth/signup", "application/json", `{"email":"bench@example.com","password":"tarn-lantern-42","name":"Bench","organization":"Bench CS"}`)
	resp.Body.Close()
	require.Equal(tb, 201, resp.StatusCode)

	// The portfolio arrives the way a team brings it: one CSV import.
	var csv strings.Builder
	csv.WriteString("name,externalId,industry,size,usageX,usageY,stage,condition,ownerEmail,mrr,currency,seats\n")
	stages := []string{"onboarding", "adoption", "expansion", "advocacy"}
	conditions := []string{"satisfied", "neutral", "unsatisfied"}
	industries := []string{"Retail", "Finance", "Manufacturing", "Healthcare", "Logistics"}
	sizes := []string{"1-50", "51-200", "201-1000", "1001-5000", "5000+"}
	for i := range portfolioAccounts {
		owner := ""
		if i%2 == 0 {
			owner = "bench@example.com"
		}
		fmt.Fprintf(&csv, "Customer %05d KK,CRM-%05d,%s,%s,%d,%d,%s,%s,%s,%d,JPY,%d\n", i, i, industries[i%5], sizes[i%5],
			i%4, (i/4)%4, stages[i%4], conditions[i%3], owner, 10_000+i*100, 10+i%90)
	}
	start := time.Now()
	resp = send("POST", "/api/accounts/import", "text/csv", csv.String())
	var imported struct{ Created int }
	require.NoError(tb, json.NewDecoder(resp.Body).Decode(&imported))
	resp.Body.Close()
	require.Equal(tb, 200, resp.StatusCode)
	require.Equal(tb, portfolioAccounts, imported.Created)
	tb.Logf("imported %d accounts in %v", portfolioAccounts, time.Since(start).Round(time.Millisecond))

	for i := range 300 {
		resp = send("POST", fmt.Sprintf("/api/accounts/%d/contacts", 1+i%portfolioAccounts), "application/json", `{"kind":"call","note":"check-in"}`)
		resp.Body.Close()
		require.Equal(tb, 201, resp.StatusCode)
	}
	for y := range 4 {
		resp = send("PUT", fmt.Sprintf("/api/portfolio/plays/%d/%d", y, y), "application/json", `{"action":"Run the adoption workshop"}`)
		resp.Body.Close()
		require.Equal(tb, 200, resp.StatusCode)
	}
	return srv, client
}

// BenchmarkPortfolio measures GET /api/portfolio through the real HTTP
// handler and a loopback connection, body read and decoded by nobody.
func BenchmarkPortfolio(b *testing.B) {
	for _, d := range testdb.Dialects() {
		b.Run(d.Name, func(b *testing.B) {
			srv, client := portfolioApp(b, testdb.Open(b, d.URL(b)))
			get := func(path string) []byte {
				resp, err := client.Get(srv.URL + path)
				if err != nil {
					b.Fatal(err)
				}
				defer resp.Body.Close()
				body, err := io.ReadAll(resp.Body)
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("GET %s: %d %v", path, resp.StatusCode, err)
				}
				return body
			}
			var p struct {
				Total    int
				Cells    []json.RawMessage
				Contacts struct{ ThisMonth int }
			}
			require.NoError(b, json.Unmarshal(get("/api/portfolio"), &p))
			require.Equal(b, portfolioAccounts, p.Total)
			require.Len(b, p.Cells, 16)
			require.Equal(b, 300, p.Contacts.ThisMonth)
			b.Run("all", func(b *testing.B) {
				defer reportCPU(b)()
				for b.Loop() {
					get("/api/portfolio")
				}
			})
			b.Run("filtered", func(b *testing.B) {
				defer reportCPU(b)()
				for b.Loop() {
					get("/api/portfolio?stage=adoption&industry=Retail")
				}
			})
		})
	}
}

// reportCPU adds the process's CPU time per operation (server and client
// together) to the benchmark: on a shared machine wall time says as much
// about the neighbours as about the code.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op") }
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
