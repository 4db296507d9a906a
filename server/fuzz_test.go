package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
	"github.com/kizuki-app/kizuki/realtime"
	"github.com/kizuki-app/kizuki/server"
)

// fuzzHandler is the whole app on a fresh SQLite database, with one workshop
// whose join code is K7QMW2RX, called in-process.
func fuzzHandler(f *testing.F) http.Handler {
	store := testdb.Open(f, "sqlite://"+filepath.Join(f.TempDir(), "fuzz.db"))
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	base := "http://kizuki.test"
	hub := realtime.NewHub(store, base, realtime.DefaultLimits(), realtime.NewMetrics(nil), logger)
	srv, err := server.New(server.Config{BaseURL: base, BcryptCost: bcrypt.MinCost, JoinFailures: 1 << 30}, store, hub, testAssets, logger)
	if err != nil {
		f.Fatal(err)
	}
	a := &models.Account{Name: "Acme"}
	if err := store.CreateAccount(f.Context(), a); err != nil {
		f.Fatal(err)
	}
	w := &models.Workshop{AccountID: a.ID, Title: "W", Phase: "lobby", VoteBudget: 3, VoteCap: 3}
	if err := store.CreateWorkshop(f.Context(), w, nil, func() (string, error) { return "K7QMW2RX", nil }); err != nil {
		f.Fatal(err)
	}
	return srv.Handler()
}

// allowed are the statuses a public endpoint may answer; a 500 would mean a
// panic (recovered by the middleware) or an unhandled error.
var allowed = map[int]bool{200: true, 201: true, 400: true, 401: true, 403: true, 404: true, 409: true, 413: true, 429: true}

func fuzzPost(t *testing.T, h http.Handler, path, body string) {
	req := httptest.NewRequest("POST", "http://kizuki.test"+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if !allowed[rec.Code] {
		t.Fatalf("POST %s %q answered %d: %s", path, body, rec.Code, rec.Body.String())
	}
	if rec.Code >= 400 && !strings.Contains(rec.Body.String(), `"error":{"code":`) {
		t.Fatalf("POST %s %q: error without the JSON error shape: %s", path, body, rec.Body.String())
	}
}

// FuzzJoin throws arbitrary bodies at the participant join endpoint.
func FuzzJoin(f *testing.F) {
	h := fuzzHandler(f)
	for _, seed := range []string{
		`{"code":"K7QMW2RX","name":"Ken","layer":"frontline"}`,
		`{"code":"k7qm-w2rx ","name":"  ","layer":"manager"}`,
		`{"code":"","name":"","layer":""}`,
		`{"code":12,"name":null}`, `[]`, `{`, "\xff\xfe", `{"code":"K7QMW2RX","name":"\u0000","layer":"other"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) { fuzzPost(t, h, "/api/join", body) })
}

// FuzzAuth throws arbitrary bodies at sign-up and sign-in.
func FuzzAuth(f *testing.F) {
	h := fuzzHandler(f)
	for _, seed := range []string{
		`{"email":"a@b.co","password":"tarn-lantern-42","name":"A"}`,
		`{"email":"\"weird\"@example.com","password":"` + strings.Repeat("p", 80) + `","name":"A"}`,
		`{"email":"a@b.co","password":"","name":""}`, `{"email":["x"]}`, `null`, "\x00",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fuzzPost(t, h, "/api/auth/signup", body)
		fuzzPost(t, h, "/api/auth/login", body)
	})
}
