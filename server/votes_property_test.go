package server_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRandomVotingMatchesModel drives many connections (two per participant)
// with random casts, retracts and retried command ids at once, then checks
// the stored votes equal what the acknowledgements say, that no budget or cap
// was broken, that each acknowledged vote is in the event log exactly once,
// and that a restarted server counts the same.
func TestRandomVotingMatchesModel(t *testing.T) {
	const (
		participants  = 6
		connsEach     = 2
		opsPerConn    = 40
		budget, cap   = 3, 2
		retryFraction = 0.2
	)
	for _, d := range testdbDialects() {
		t.Run(d.Name, func(t *testing.T) {
			dbURL := d.URL(t)
			a := newApp(t, openStore(t, dbURL))
			fac := a.browser()
			require.Equal(t, 201, fac.do("POST", "/api/auth/signup", map[string]string{"email": "f@example.com", "password": "tarn-lantern-42", "name": "F"}, nil))
			var acct struct{ ID int64 }
			require.Equal(t, 201, fac.do("POST", "/api/accounts", map[string]string{"name": "Acme"}, &acct))
			var w workshopJSON
			require.Equal(t, 201, fac.do("POST", "/api/workshops", map[string]any{"title": "Storm", "accountId": acct.ID,
				"settings": map[string]any{"voteBudget": budget, "voteCap": cap}}, &w))
			facWS := a.dialFacilitator(fac, w.ID)
			var ideas []int64
			for i, phase := range []string{"ideal"} {
				r, _ := facWS.command("ph"+itoa(int64(i)), "phase.set", map[string]string{"phase": phase})
				require.Equal(t, "ack", r.Type)
			}
			for i := range 4 {
				r, ev := facWS.command("idea"+itoa(int64(i)), "idea.add", map[string]string{"column": "ideal", "text": fmt.Sprintf("Ideal %d", i)})
				require.Equal(t, "ack", r.Type)
				ideas = append(ideas, ideaOf(t, ev[0]).ID)
			}
			r, _ := facWS.command("vote", "phase.set", map[string]string{"phase": "vote_ideal"})
			require.Equal(t, "ack", r.Type)

			type op struct {
				id    string
				idea  int64
				delta int
			}
			var mu sync.Mutex
			acked := map[int64]map[string]op{} // participant → command id → op
			var wg sync.WaitGroup
			errs := make(chan error, participants*connsEach)
			var joins []joined
			for p := range participants {
				j := a.join(w.JoinCode, fmt.Sprintf("P%d", p), []string{"executive", "manager", "frontline", "other"}[p%4])
				joins = append(joins, j)
				mu.Lock()
				acked[j.ParticipantID] = map[string]op{}
				mu.Unlock()
				for c := range connsEach {
					conn, resp, err := websocket.DefaultDialer.Dial(a.wsURL(w.ID, "?token="+url.QueryEscape(j.Token)), http.Header{"Origin": {a.srv.URL}})
					require.NoError(t, err)
					resp.Body.Close()
					t.Cleanup(func() { conn.Close() })
					wg.Add(1)
					go func(seed uint64) {
						defer wg.Done()
						rng := rand.New(rand.NewPCG(seed, 7))
						var sent []op
						for n := range opsPerConn {
							var o op
							if len(sent) > 0 && rng.Float64() < retryFraction {
								o = sent[rng.IntN(len(sent))] // a retry: same id, same command
							} else {
								o = op{id: fmt.Sprintf("c%d-%d", c, n), idea: ideas[rng.IntN(len(ideas))], delta: 1}
								if rng.IntN(3) == 0 {
									o.delta = -1
								}
								sent = append(sent, o)
							}
							typ := "vote.cast"
							if o.delta < 0 {
								typ = "vote.retract"
							}
							frame, _ := json.Marshal(map[string]any{"id": o.id, "type": typ, "data": map[string]int64{"ideaId": o.idea}})
							if err := conn.WriteMessage(websocket.TextMessage, frame); err != nil {
								errs <- err
								return
							}
							for {
								_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
								_, data, err := conn.ReadMessage()
								if err != nil {
									errs <- err
									return
								}
								var m serverMsg
								if err := json.Unmarshal(data, &m); err != nil {
									errs <- err
									return
								}
								if m.ID != o.id || (m.Type != "ack" && m.Type != "error") {
									continue
								}
								if m.Type == "ack" {
									mu.Lock()
									acked[j.ParticipantID][o.id] = o
									mu.Unlock()
								} else if m.Code != "vote_budget_exceeded" && m.Code != "vote_cap_exceeded" && m.Code != "bad_request" {
									errs <- fmt.Errorf("unexpected refusal %s: %s", m.Code, m.Message)
									return
								}
								break
							}
						}
					}(uint64(p*connsEach + c + 1))
				}
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}

			// The model: each acknowledged command id counts once.
			model := map[int64]map[int64]int{}
			distinct := 0
			for pid, ops := range acked {
				model[pid] = map[int64]int{}
				for _, o := range ops {
					model[pid][o.idea] += o.delta
					distinct++
				}
			}
			stored, err := a.store.Votes(t.Context(), w.ID)
			require.NoError(t, err)
			got := map[int64]map[int64]int{}
			for pid := range model {
				got[pid] = map[int64]int{}
			}
			for _, v := range stored {
				got[v.ParticipantID][v.IdeaID] = v.Count
			}
			for pid, mine := range model {
				sum := 0
				for idea, n := range mine {
					if n == 0 {
						delete(mine, idea)
					}
					assert.LessOrEqual(t, n, cap)
					assert.GreaterOrEqual(t, n, 0)
					sum += n
				}
				assert.LessOrEqual(t, sum, budget)
				assert.Equal(t, mine, got[pid], "participant %d", pid)
			}
			events, err := a.store.EventsSince(t.Context(), w.ID, 0, 100000)
			require.NoError(t, err)
			voteEvents := 0
			for i, e := range events {
				require.Equal(t, int64(i+1), e.Seq, "seqs are dense")
				if e.Type == "vote.cast" || e.Type == "vote.retracted" {
					voteEvents++
				}
			}
			assert.Equal(t, distinct, voteEvents, "every acknowledged vote is logged exactly once")
			assert.Greater(t, distinct, participants*connsEach*opsPerConn/4, "the run exercised enough votes")

			// After a restart, the results count the same votes.
			a.srv.CloseClientConnections()
			require.NoError(t, a.hub.Shutdown(t.Context()))
			again := newApp(t, openStore(t, dbURL))
			var res struct {
				Columns []struct {
					Column string
					Items  []struct {
						IdeaID int64
						Total  int
					}
				}
			}
			relog := again.browser()
			require.Equal(t, 200, relog.do("POST", "/api/auth/login", map[string]string{"email": "f@example.com", "password": "tarn-lantern-42"}, nil))
			require.Equal(t, 200, relog.do("GET", "/api/workshops/"+itoa(w.ID)+"/results", nil, &res))
			want := map[int64]int{}
			for _, mine := range model {
				for idea, n := range mine {
					want[idea] += n
				}
			}
			for _, it := range res.Columns[0].Items {
				assert.Equal(t, want[it.IdeaID], it.Total, "idea %d after restart", it.IdeaID)
			}
		})
	}
}
