package server_test

import (
	"encoding/json"
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
	"github.com/kizuki-app/kizuki/server"
)

// FuzzImport sends any file to the import's dry run: the answer is always a
// result or a client error in the JSON shape, never a 500 or a panic, and a
// dry run never writes.
func FuzzImport(f *testing.F) {
	store := testdb.Open(f, "sqlite://"+filepath.Join(f.TempDir(), "fuzz.db"))
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	base := "http://example.com" // httptest.NewRequest's host
	srv, err := server.New(server.Config{BaseURL: base, BcryptCost: bcrypt.MinCost}, store, nil, testAssets, logger)
	if err != nil {
		f.Fatal(err)
	}
	h := srv.Handler()
	signup := httptest.NewRequest("POST", "/api/auth/signup", strings.NewReader(`{"email":"fuzz@example.com","password":"tarn-lantern-42","name":"Fuzz"}`))
	signup.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, signup)
	if rec.Code != http.StatusCreated {
		f.Fatalf("signup: %d %s", rec.Code, rec.Body)
	}
	cookies := rec.Result().Cookies()
	// The first signup's organization is 1; two accounts share a name ignoring case.
	for _, name := range []string{"Acme", "acme", "Beta"} {
		if err := store.CreateAccount(f.Context(), &models.Account{OrganizationID: 1, Name: name}); err != nil {
			f.Fatal(err)
		}
	}

	for _, seed := range []string{
		"name,externalId,usageX,usageY,stage,condition,ownerEmail,mrr,currency,seats\nAcme KK,E1,1,2,Adoption,satisfied,fuzz@example.com,100,JPY,3\n",
		"\xef\xbb\xbfName,Size\nBeta,51-200\nacme,\n,\n",
		"name\n\"=1+1\"\n@x\n-1\n\"\ttab\"\n",
		"name,name\nx,y\n", "name,bogus\nx,y\n", "industry\nRetail\n", "", "\n\n", "name\n\"unterminated\n",
		"name\nA,extra\n", "name\n\x00\n", "name\n\xff\n", "externalId,name\n,\nE1,\nE1,Acme\n",
		"name,usageX,mrr,seats\nBig,99999999999999999999,-1,1e3\n", "owner,ownerId\n", "name,ownerId\nA,1\nB,0\nC,-5\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, file string) {
		req := httptest.NewRequest("POST", "/api/accounts/import?dryRun=true", strings.NewReader(file))
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Origin", base)
		for _, c := range cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
			var res struct {
				DryRun                    bool
				Created, Updated, Refused int
				Rows                      []struct{ Row int }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || !res.DryRun || res.Created+res.Updated+res.Refused != len(res.Rows) {
				t.Fatalf("result %s (%v)", rec.Body, err)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" {
				t.Fatalf("error %s (%v)", rec.Body, err)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		accounts, err := store.Accounts(t.Context(), 1)
		if err != nil || len(accounts) != 3 {
			t.Fatalf("a dry run wrote: %d accounts (%v)", len(accounts), err)
		}
	})
}
