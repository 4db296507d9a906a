package loadgen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// runVotes: the facilitator puts ideas up for a vote, then every participant
// casts VotesEach votes, all participants within StormWindow, as fast as
// the window allows. Afterwards the results must count every acked vote
// exactly once.
func (d *driver) runVotes(ctx context.Context, rep *Report) error {
	w := d.workshops[0]
	if w.Settings.VoteBudget < d.cfg.VotesEach {
		return fmt.Errorf("workshop %d allows %d votes per participant; --votes-each is %d", w.ID, w.Settings.VoteBudget, d.cfg.VotesEach)
	}
	if w.Settings.VoteCap*d.cfg.Ideas < d.cfg.VotesEach {
		return fmt.Errorf("%d ideas with at most %d votes each cannot take %d votes; add --ideas", d.cfg.Ideas, w.Settings.VoteCap, d.cfg.VotesEach)
	}
	if err := d.connectFacilitator(ctx, false); err != nil {
		return err
	}
	ideas, err := d.addIdeasToVoteOn(ctx)
	if err != nil {
		return err
	}

	setup := time.Now()
	ps := d.joinAndConnect(ctx, d.cfg.Participants, false)
	rep.SetupSeconds = seconds(time.Since(setup))
	if len(ps) == 0 {
		return fmt.Errorf("no participant connected")
	}
	if err := d.setPhase(ctx, "vote_ideal"); err != nil {
		return err
	}
	ideaSet := make(map[int64]bool, len(ideas))
	for _, id := range ideas {
		ideaSet[id] = true
	}
	before, err := d.api.voteTotal(ctx, w.ID, "ideal", ideaSet)
	if err != nil {
		return fmt.Errorf("results before the storm: %w", err)
	}
	sleepUntil(ctx, time.Now().Add(settleWait))

	// Each participant sends its votes back to back (the server's burst
	// allows them); the participants' turns are spread evenly over the window.
	order := append([]*wsConn(nil), ps...)
	rand.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
	spacing := d.cfg.StormWindow / time.Duration(len(order))
	framesBefore := d.m.framesParticipants.Load()
	d.logf("vote storm: %d participants × %d votes within %s", len(order), d.cfg.VotesEach, d.cfg.StormWindow)
	start := d.startWindow()
	for k, p := range order {
		if !sleepUntil(ctx, start.Add(time.Duration(k)*spacing)) {
			break
		}
		for _, idea := range pickVotes(ideas, d.cfg.VotesEach, w.Settings.VoteCap) {
			p.send("vote.cast", map[string]int64{"ideaId": idea}, false)
		}
	}
	sendTime := time.Since(start)
	waitFor(ctx, max(drainWait, d.cfg.Duration), func() bool { return d.unanswered() == 0 })
	window := time.Since(start)

	after, err := d.api.voteTotal(ctx, w.ID, "ideal", ideaSet)
	if err != nil {
		return fmt.Errorf("results after the storm: %w", err)
	}
	acked := d.m.acked.Load()
	rep.WindowSeconds = seconds(window)
	rep.Votes = &Votes{
		Expected: int64(len(order) * d.cfg.VotesEach), Sent: d.m.sent.Load(), Acked: acked,
		Counted: int64(after - before), SendSeconds: seconds(sendTime),
		FramesToParticipants: d.m.framesParticipants.Load() - framesBefore,
	}
	rep.Votes.ExactlyOnce = rep.Votes.Counted == acked
	if !w.Settings.HiddenUntilReveal {
		rep.Notes = append(rep.Notes, "votes are not hidden in this workshop: every vote reaches every participant")
	}
	rep.Throughput = float64(acked) / window.Seconds()
	rep.ThroughputUnit = "acks/s"
	return nil
}

// addIdeasToVoteOn moves to the ideal phase, adds the ideas and returns their ids.
func (d *driver) addIdeasToVoteOn(ctx context.Context) ([]int64, error) {
	if err := d.setPhase(ctx, "ideal"); err != nil {
		return nil, err
	}
	marker := "kzl-vote " + d.run
	for i := range d.cfg.Ideas {
		text := fmt.Sprintf("%s: ideal %d, one shared view of every customer", marker, i+1)
		if _, err := d.fac.command(ctx, "idea.add", map[string]string{"column": "ideal", "text": text}); err != nil {
			return nil, err
		}
	}
	_, all, err := d.api.workshop(ctx, d.workshops[0].ID)
	if err != nil {
		return nil, fmt.Errorf("read the ideas back: %w", err)
	}
	var ids []int64
	for _, idea := range all {
		if idea.Column == "ideal" && strings.HasPrefix(idea.Text, marker+":") {
			ids = append(ids, idea.ID)
		}
	}
	if len(ids) != d.cfg.Ideas {
		return nil, fmt.Errorf("added %d ideas but the workshop shows %d", d.cfg.Ideas, len(ids))
	}
	return ids, nil
}

// pickVotes chooses n ideas at random, none more than capEach times.
func pickVotes(ideas []int64, n, capEach int) []int64 {
	used := make(map[int64]int, n)
	out := make([]int64, 0, n)
	for len(out) < n {
		id := ideas[rand.IntN(len(ideas))]
		if used[id] < capEach {
			used[id]++
			out = append(out, id)
		}
	}
	return out
}
