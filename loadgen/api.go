package loadgen

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"
)

// httpTimeout bounds one REST call; a join waits behind the server's single
// database writer, so it is generous.
const httpTimeout = 30 * time.Second

// apiClient talks to the REST API as the facilitator (with the session
// cookie) and joins participants (without it).
type apiClient struct {
	base   string
	origin string
	jar    http.CookieJar
	http   *http.Client // with the facilitator's cookie
	anon   *http.Client // for joins: no cookie
}

func newAPIClient(base string, concurrency int) *apiClient {
	jar, _ := cookiejar.New(nil)
	transport := &http.Transport{MaxIdleConnsPerHost: concurrency + 4, IdleConnTimeout: 30 * time.Second}
	return &apiClient{
		base: strings.TrimRight(base, "/"), origin: wsOrigin(base), jar: jar,
		http: &http.Client{Jar: jar, Timeout: httpTimeout, Transport: transport},
		anon: &http.Client{Timeout: httpTimeout, Transport: transport},
	}
}

// cookies are the facilitator's session cookies.
func (a *apiClient) cookies() []*http.Cookie {
	u, err := url.Parse(a.base)
	if err != nil {
		return nil
	}
	return a.jar.Cookies(u)
}

// apiError is a non-2xx answer, with the API's error code.
type apiError struct {
	Status int
	Code   string
	Msg    string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Code, e.Msg)
}

func (a *apiClient) do(ctx context.Context, client *http.Client, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		enc, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", a.origin)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Error struct{ Code, Message string }
		}
		_ = json.Unmarshal(data, &e)
		return &apiError{Status: resp.StatusCode, Code: e.Error.Code, Msg: e.Error.Message}
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
		}
	}
	return nil
}

// signIn logs in with the given credentials, or signs up a fresh facilitator.
func (a *apiClient) signIn(ctx context.Context, email, password, run string) error {
	if email != "" {
		return a.do(ctx, a.http, "POST", "/api/auth/login", map[string]string{"email": email, "password": password}, nil)
	}
	var pw [12]byte
	_, _ = rand.Read(pw[:])
	return a.do(ctx, a.http, "POST", "/api/auth/signup", map[string]string{
		"email": "load-" + run + "@example.com", "password": hex.EncodeToString(pw[:]), "name": "kizuki-load " + run,
	}, nil)
}

// workshopInfo is what the generator needs of a workshop.
type workshopInfo struct {
	ID       int64  `json:"id"`
	JoinCode string `json:"joinCode"`
	Settings struct {
		VoteBudget        int  `json:"voteBudget"`
		VoteCap           int  `json:"voteCap"`
		HiddenUntilReveal bool `json:"hiddenUntilReveal"`
	} `json:"settings"`
}

func (a *apiClient) createAccount(ctx context.Context, name string) (int64, error) {
	var acct struct{ ID int64 }
	err := a.do(ctx, a.http, "POST", "/api/accounts", map[string]string{"name": name}, &acct)
	return acct.ID, err
}

func (a *apiClient) createWorkshop(ctx context.Context, accountID int64, title string, voteBudget int) (workshopInfo, error) {
	var w workshopInfo
	err := a.do(ctx, a.http, "POST", "/api/workshops", map[string]any{
		"title": title, "accountId": accountID,
		"settings": map[string]any{"voteBudget": voteBudget, "voteCap": voteBudget, "hiddenUntilReveal": true},
	}, &w)
	return w, err
}

// snapshotIdea is an idea as the snapshot shows it.
type snapshotIdea struct {
	ID     int64  `json:"id"`
	Column string `json:"column"`
	Text   string `json:"text"`
}

// workshop reads a workshop and its ideas through the snapshot endpoint.
func (a *apiClient) workshop(ctx context.Context, id int64) (workshopInfo, []snapshotIdea, error) {
	var snap struct {
		Workshop workshopInfo   `json:"workshop"`
		Ideas    []snapshotIdea `json:"ideas"`
	}
	err := a.do(ctx, a.http, "GET", fmt.Sprintf("/api/workshops/%d", id), nil, &snap)
	return snap.Workshop, snap.Ideas, err
}

// voteTotal sums the votes on the given ideas of a column, from the results endpoint.
func (a *apiClient) voteTotal(ctx context.Context, workshopID int64, column string, ideas map[int64]bool) (int, error) {
	var res struct {
		Columns []struct {
			Column string
			Items  []struct {
				IdeaID int64 `json:"ideaId"`
				Total  int   `json:"total"`
			}
		}
	}
	if err := a.do(ctx, a.http, "GET", fmt.Sprintf("/api/workshops/%d/results", workshopID), nil, &res); err != nil {
		return 0, err
	}
	total := 0
	for _, c := range res.Columns {
		if c.Column != column {
			continue
		}
		for _, it := range c.Items {
			if ideas[it.IdeaID] {
				total += it.Total
			}
		}
	}
	return total, nil
}

// joined is a participant's identity from POST /api/join.
type joined struct {
	WorkshopID    int64  `json:"workshopId"`
	ParticipantID int64  `json:"participantId"`
	Token         string `json:"token"`
}

func (a *apiClient) join(ctx context.Context, code, name, layer string) (joined, error) {
	var j joined
	err := a.do(ctx, a.anon, "POST", "/api/join", map[string]string{"code": code, "name": name, "layer": layer}, &j)
	return j, err
}
