package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type importRowJSON struct {
	Row        int
	Action     string
	ID         *int64
	Name       string
	ExternalID string
	Reason     string
	Field      string
	Message    string
}

type importJSON struct {
	DryRun                    bool
	Created, Updated, Refused int
	Rows                      []importRowJSON
}

// upload sends body with the content type and decodes the answer: an
// import result on 200, else an error.
func (b *browser) upload(path, contentType string, body []byte) (int, importJSON, fieldErr) {
	b.a.t.Helper()
	req, err := http.NewRequest("POST", b.a.srv.URL+path, bytes.NewReader(body))
	require.NoError(b.a.t, err)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", b.a.srv.URL)
	resp, err := b.client.Do(req)
	require.NoError(b.a.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(b.a.t, err)
	var out importJSON
	var e fieldErr
	if resp.StatusCode == 200 {
		require.NoError(b.a.t, json.Unmarshal(data, &out), "body: %s", data)
	} else {
		require.NoError(b.a.t, json.Unmarshal(data, &e), "body: %s", data)
		require.NotEmpty(b.a.t, e.Error.Code, "body: %s", data)
	}
	return resp.StatusCode, out, e
}

func (b *browser) importCSV(csv string, dryRun bool) (int, importJSON, fieldErr) {
	b.a.t.Helper()
	path := "/api/accounts/import"
	if dryRun {
		path += "?dryRun=true"
	}
	return b.upload(path, "text/csv; charset=utf-8", []byte(csv))
}

// accountsByName lists the caller's accounts keyed by name.
func (b *browser) accountsByName() map[string]accountJSON {
	b.a.t.Helper()
	var list struct{ Accounts []accountJSON }
	require.Equal(b.a.t, 200, b.do("GET", "/api/accounts", nil, &list))
	out := map[string]accountJSON{}
	for _, a := range list.Accounts {
		out[a.Name] = a
	}
	return out
}

func TestImportCreatesAndUpdatesByExternalIdThenByName(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, me := signupOwner(t, a, "owner@example.com", "Acme CS")
		_, token := invite(t, owner, "Nao@Example.com", "csm")
		_, csm := accept(t, a, token, "Nao")
		var beta, gamma accountJSON
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Beta KK", "notes": "kept"}, &beta))
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Gamma", "externalId": "CRM-3", "seats": 5}, &gamma))

		file := "\xef\xbb\xbfAccount Name,External ID,Industry,Size,Usage X,usage_y,Stage,Condition,Owner Email,MRR,Currency,Seats\r\n" +
			"Acme KK,CRM-1,Retail,51-200,1,2,Adoption,Satisfied,owner@example.com,120000,jpy,25\r\n" +
			"beta kk,CRM-2,,,3,0,expansion,,NAO@example.com,,,\r\n" +
			",CRM-3,Finance,,,,,unsatisfied,,,,40\r\n" +
			",,,,,,,,,,,\r\n" +
			"\"Delta, Inc.\",,\"Multi\nline\",,0,0,,,,,,\r\n"
		status, res, _ := owner.importCSV(file, false)
		require.Equal(t, 200, status)
		assert.False(t, res.DryRun)
		assert.Equal(t, 2, res.Created, "%+v", res.Rows)
		assert.Equal(t, 2, res.Updated)
		assert.Equal(t, 0, res.Refused)
		require.Len(t, res.Rows, 4, "the row with every cell empty is skipped")
		assert.Equal(t, []int{2, 3, 4, 6}, []int{res.Rows[0].Row, res.Rows[1].Row, res.Rows[2].Row, res.Rows[3].Row}, "rows are numbered as a spreadsheet shows them")
		assert.Equal(t, []string{"created", "updated", "updated", "created"}, []string{res.Rows[0].Action, res.Rows[1].Action, res.Rows[2].Action, res.Rows[3].Action})
		for _, r := range res.Rows {
			assert.NotNil(t, r.ID)
		}
		assert.Equal(t, beta.ID, *res.Rows[1].ID, "matched by name, ignoring case")
		assert.Equal(t, gamma.ID, *res.Rows[2].ID, "matched by externalId")

		got := owner.accountsByName()
		require.Len(t, got, 4)
		acme := got["Acme KK"]
		assert.Equal(t, "CRM-1", acme.ExternalID)
		assert.Equal(t, []int{1, 2}, []int{acme.UsageX, acme.UsageY})
		assert.Equal(t, "adoption", acme.Stage, "a stage by its label")
		assert.Equal(t, "satisfied", acme.Condition)
		require.NotNil(t, acme.OwnerID)
		assert.Equal(t, me.ID, *acme.OwnerID)
		assert.Equal(t, int64(120000), acme.MRR)
		assert.Equal(t, "JPY", acme.Currency)
		assert.Equal(t, 25, acme.Seats)

		b := got["beta kk"]
		assert.Equal(t, beta.ID, b.ID)
		assert.Equal(t, "CRM-2", b.ExternalID, "an account found by name takes the row's externalId")
		assert.Equal(t, "expansion", b.Stage)
		require.NotNil(t, b.OwnerID)
		assert.Equal(t, csm.ID, *b.OwnerID, "owner by email, ignoring case")

		g := got["Gamma"]
		assert.Equal(t, "unsatisfied", g.Condition)
		assert.Equal(t, 40, g.Seats)
		assert.Equal(t, "Gamma", g.Name, "an empty cell leaves the field as it is")
		assert.NotNil(t, g.ConditionCheckedAt)

		var betaNow struct{ Notes string }
		require.Equal(t, 200, owner.do("GET", fmt.Sprintf("/api/accounts/%d", beta.ID), nil, &betaNow))
		assert.Equal(t, "kept", betaNow.Notes, "columns the file does not have stay")
		assert.Contains(t, got, "Delta, Inc.")

		// The same file again updates the same four accounts and creates none.
		status, res, _ = owner.importCSV(file, false)
		require.Equal(t, 200, status)
		assert.Equal(t, 0, res.Created)
		assert.Equal(t, 4, res.Updated)
		assert.Len(t, owner.accountsByName(), 4)
	})
}

func TestImportRefusesBadRowsAndWritesTheOthers(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		signupOwner(t, a, "stranger@example.com", "Other CS")
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Twin"}, nil))
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "twin"}, nil))

		file := strings.Join([]string{
			"name,externalId,usageX,stage,condition,ownerEmail,mrr,currency,sizeBand,seats",
			"Good One,E1,1,,,,,,,",
			"Bad Level,E2,4,,,,,,,",
			"Bad Stage,E3,,churned,,,,,,",
			"Bad Condition,E4,,,angry,,,,,",
			"Foreign Owner,E5,,,,stranger@example.com,,,,",
			"No Currency,E6,,,,,100,,,",
			"Bad Size,E7,,,,,,,huge,",
			"Not A Number,E8,,,,,,,,many",
			"Good Two,E1,,,,,,,,",
			",E9,,,,,,,,",
			"Twin,,,,,,,,,",
			"Good Three,,2,,,,,,,",
			"good three,,,,,,,,,",
			strings.Repeat("n", 201) + ",E10,,,,,,,,",
			"Huge Level,E11,99999999999,,,,,,,",
		}, "\n")
		status, res, _ := owner.importCSV(file, false)
		require.Equal(t, 200, status)
		assert.Equal(t, 2, res.Created, "%+v", res.Rows)
		assert.Equal(t, 0, res.Updated)
		assert.Equal(t, 13, res.Refused)
		reasons := map[int]string{}
		for _, r := range res.Rows {
			if r.Action == "refused" {
				reasons[r.Row] = r.Reason + "/" + r.Field
				assert.Nil(t, r.ID)
				assert.NotEmpty(t, r.Message)
			}
		}
		assert.Equal(t, map[int]string{
			3: "invalid/usageX", 4: "unknown_stage/stage", 5: "invalid/condition", 6: "unknown_owner/ownerEmail",
			7: "invalid/currency", 8: "invalid/sizeBand", 9: "invalid/seats", 10: "duplicate_row/externalId",
			11: "required/name", 12: "ambiguous_name/name", 14: "duplicate_row/name", 15: "too_long/name", 16: "invalid/usageX",
		}, reasons)
		for _, r := range res.Rows {
			switch r.Row {
			case 10:
				assert.Contains(t, r.Message, "row 2")
			case 15:
				assert.Equal(t, strings.Repeat("n", 200)+"…", r.Name, "a refused cell is named, clipped")
			}
		}
		got := owner.accountsByName()
		assert.Len(t, got, 4, "Twin, twin and the two good rows")
		assert.Contains(t, got, "Good One")
		assert.Contains(t, got, "Good Three")
	})
}

func TestImportRefusesFormulaCells(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		var existing accountJSON
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Existing", "industry": "Retail"}, &existing))
		file := "name,industry,notes,externalId\n" +
			"\"=HYPERLINK(\"\"http://evil.example\"\")\",Retail,,\n" +
			"Plus,+1+1,,\n" +
			"Minus,,-2+3,\n" +
			"At,,@SUM(A1),\n" +
			"Tab,\"\t=1+1\",,\n" +
			"CR,\"\r=1+1\",,\n" +
			"Spaced,\"  =1+1\",,\n" +
			"Existing,=cmd|' /C calc'!A0,,\n" +
			"Ext,,,=1\n" +
			"Safe,Retail = good,a-b,\n"
		status, res, _ := owner.importCSV(file, false)
		require.Equal(t, 200, status)
		assert.Equal(t, 1, res.Created, "%+v", res.Rows)
		assert.Equal(t, 9, res.Refused)
		for _, r := range res.Rows {
			if r.Action == "refused" {
				assert.Equal(t, "formula", r.Reason, "row %d", r.Row)
				assert.Contains(t, r.Message, "formula")
			}
		}
		got := owner.accountsByName()
		assert.Len(t, got, 2, "Existing and Safe only")
		var e struct{ Industry string }
		require.Equal(t, 200, owner.do("GET", fmt.Sprintf("/api/accounts/%d", existing.ID), nil, &e))
		assert.Equal(t, "Retail", e.Industry, "the existing account is untouched")
		for name := range got {
			assert.NotContains(t, "=+-@", name[:1])
		}
	})
}

func TestImportDryRunAnswersTheSameAndWritesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		var beta accountJSON
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Beta", "seats": 1}, &beta))
		// Row 5 (by name) updates the account row 2 (by externalId) creates.
		file := "name,externalId,seats,usageX\nAlpha,E1,3,1\nBeta,,9,\nBad,,,7\nalpha,,4,\n"

		status, preview, _ := owner.importCSV(file, true)
		require.Equal(t, 200, status)
		assert.True(t, preview.DryRun)
		assert.Equal(t, []int{1, 2, 1}, []int{preview.Created, preview.Updated, preview.Refused})
		require.Len(t, preview.Rows, 4)
		assert.Nil(t, preview.Rows[0].ID, "nothing was created")
		assert.Nil(t, preview.Rows[3].ID, "an account the file would create has no id yet")
		require.NotNil(t, preview.Rows[1].ID)
		assert.Equal(t, beta.ID, *preview.Rows[1].ID)
		got := owner.accountsByName()
		assert.Len(t, got, 1)
		assert.Equal(t, 1, got["Beta"].Seats, "nothing was updated")

		status, res, _ := owner.importCSV(file, false)
		require.Equal(t, 200, status)
		assert.False(t, res.DryRun)
		for i := range preview.Rows {
			assert.Equal(t, preview.Rows[i].Action, res.Rows[i].Action)
			assert.Equal(t, preview.Rows[i].Reason, res.Rows[i].Reason)
		}
		got = owner.accountsByName()
		assert.Equal(t, 9, got["Beta"].Seats)
		require.Len(t, got, 2, "alpha is the Alpha of row 2")
		assert.Equal(t, 4, got["alpha"].Seats, "created as row 5 left it")
		assert.Equal(t, 1, got["alpha"].UsageX)
		require.NotNil(t, res.Rows[3].ID)
		assert.Equal(t, *res.Rows[0].ID, *res.Rows[3].ID)

		var e fieldErr
		status, _, e = owner.upload("/api/accounts/import?dryRun=perhaps", "text/csv", []byte(file))
		assert.Equal(t, 400, status)
		assert.Equal(t, []string{"dryRun:invalid"}, e.fields())
	})
}

func TestAMalformedImportWritesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Existing", "seats": 1}, nil))
		good := "Fresh,2\n"
		cases := []struct {
			name   string
			body   string
			code   string
			line   int
			fields []string
		}{
			{"empty", "", "malformed_csv", 0, nil},
			{"not UTF-8 (Shift_JIS)", "name,seats\n" + good + "\x83\x65\x83\x58\x83\x67,1\n", "malformed_csv", 3, nil},
			{"a NUL byte", "name,seats\n" + good + "Ex\x00isting,3\n", "malformed_csv", 3, nil},
			{"bad quoting", "name,seats\n" + good + "\"Existing,3\n", "malformed_csv", 3, nil},
			{"a stray quote", "name,seats\n" + good + "Exi\"sting,3\n", "malformed_csv", 3, nil},
			{"more cells than the header", "name,seats\n" + good + "Existing,3,extra\n", "malformed_csv", 3, nil},
			{"an unknown column", "name,seats,favourite colour\n" + good, "malformed_csv", 1, []string{"favourite colour:unknown"}},
			{"a column twice", "name,Seats,seats\n" + good, "malformed_csv", 1, []string{"seats:duplicate"}},
			{"a column twice by alias", "name,size,Size Band\n" + good, "malformed_csv", 1, []string{"Size Band:duplicate"}},
			{"owner by email and by id", "name,owner,ownerId\n" + good, "malformed_csv", 1, []string{"ownerId:duplicate"}},
			{"neither name nor externalId", "industry,seats\nRetail,2\n", "malformed_csv", 1, []string{"name:required"}},
			{"a header only of data", "Existing,3\n", "malformed_csv", 1, nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				status, _, e := owner.importCSV(tc.body, false)
				assert.Equal(t, 400, status)
				assert.Equal(t, tc.code, e.Error.Code)
				assert.Equal(t, tc.line, e.Error.Line)
				assert.NotEmpty(t, e.Error.Message)
				if tc.fields != nil {
					assert.Equal(t, tc.fields, e.fields())
				}
			})
		}
		// A runaway header is one problem for its author, not a megabyte of them.
		wide := "name," + strings.Repeat(strings.Repeat("x", 300)+",", 2000) + "\n" + good
		status, _, e := owner.importCSV(wide, false)
		assert.Equal(t, 400, status)
		assert.Len(t, e.Error.Fields, 20)
		assert.Less(t, len(e.Error.Fields[0].Message), 100)

		got := owner.accountsByName()
		assert.Len(t, got, 1, "nothing was created")
		assert.Equal(t, 1, got["Existing"].Seats, "nothing was updated")
	})
}

func TestAnImportTooLargeIsRefusedWhole(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		var rows strings.Builder
		rows.WriteString("name,notes\n")
		for i := range 10_001 {
			fmt.Fprintf(&rows, "Account %d,\n", i)
		}
		status, _, e := owner.importCSV(rows.String(), false)
		assert.Equal(t, 400, status)
		assert.Equal(t, "too_many_rows", e.Error.Code)

		// Over 5 MiB: 3,000 rows of 1,800 characters (notes ≤ 5000 each, so every row alone is fine).
		var big strings.Builder
		big.WriteString("name,notes\n")
		for i := range 3_000 {
			fmt.Fprintf(&big, "Big %d,%s\n", i, strings.Repeat("x", 1800))
		}
		require.Greater(t, big.Len(), 5<<20)
		status, _, e = owner.importCSV(big.String(), false)
		assert.Equal(t, 413, status)
		assert.Equal(t, "too_large", e.Error.Code)
		assert.Empty(t, owner.accountsByName())

		// Just under: 2 MiB, over the 1 MiB of other requests, is imported.
		var fine strings.Builder
		fine.WriteString("name,notes\n")
		for i := range 1_000 {
			fmt.Fprintf(&fine, "Fine %d,%s\n", i, strings.Repeat("y", 2000))
		}
		require.Greater(t, fine.Len(), 1<<20)
		status, res, _ := owner.importCSV(fine.String(), false)
		require.Equal(t, 200, status)
		assert.Equal(t, 1_000, res.Created)
	})
}

func TestImportTakesAMultipartFileAndRefusesOtherTypes(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		require.NoError(t, mw.WriteField("note", "ignored"))
		fw, err := mw.CreateFormFile("file", "accounts.csv")
		require.NoError(t, err)
		_, err = fw.Write([]byte("name\nFrom a form\n"))
		require.NoError(t, err)
		require.NoError(t, mw.Close())
		status, res, _ := owner.upload("/api/accounts/import", mw.FormDataContentType(), body.Bytes())
		require.Equal(t, 200, status)
		assert.Equal(t, 1, res.Created)
		assert.Contains(t, owner.accountsByName(), "From a form")

		var empty bytes.Buffer
		mw = multipart.NewWriter(&empty)
		require.NoError(t, mw.WriteField("other", "x"))
		require.NoError(t, mw.Close())
		status, _, e := owner.upload("/api/accounts/import", mw.FormDataContentType(), empty.Bytes())
		assert.Equal(t, 400, status)
		assert.Equal(t, []string{"file:required"}, e.fields())

		status, _, e = owner.upload("/api/accounts/import", "application/json", []byte(`{"name":"x"}`))
		assert.Equal(t, 415, status)
		assert.Equal(t, "unsupported_media_type", e.Error.Code)
		status, _, e = owner.upload("/api/accounts/import", "multipart/form-data", []byte("name\nx\n"))
		assert.Equal(t, 400, status)
		assert.Equal(t, "bad_request", e.Error.Code)
		assert.Len(t, owner.accountsByName(), 1)
	})
}

func TestImportNeverTouchesAnotherOrganization(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		stranger, _ := signupOwner(t, a, "stranger@example.com", "Other CS")
		var theirs accountJSON
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Shared Name", "externalId": "X-1", "seats": 1}, &theirs))

		status, res, _ := stranger.importCSV("name,externalId,seats,ownerEmail\nShared Name,X-1,99,\nOther,,,owner@example.com\n", false)
		require.Equal(t, 200, status)
		assert.Equal(t, 1, res.Created, "their own account with the same name and externalId")
		require.Len(t, res.Rows, 2)
		assert.Equal(t, "unknown_owner", res.Rows[1].Reason, "another organization's member owns nothing here")
		require.NotNil(t, res.Rows[0].ID)
		assert.NotEqual(t, theirs.ID, *res.Rows[0].ID)
		assert.Equal(t, 1, owner.accountsByName()["Shared Name"].Seats)
		assert.Len(t, owner.accountsByName(), 1)
	})
}
