package board

import (
	"context"
	"encoding/json"
	"time"

	"github.com/kizuki-app/kizuki/models"
)

// Timer bounds: a phase rarely runs past a couple of hours.
const (
	maxTimerSeconds    = 4 * 60 * 60
	maxTimerAddSeconds = 60 * 60
)

// TimerView is the phase timer. Clients count down to EndsAt while Running,
// correcting their clock by ServerNow so every browser shows the same time.
type TimerView struct {
	Running     bool       `json:"running"`
	EndsAt      *time.Time `json:"endsAt"`
	RemainingMs int64      `json:"remainingMs"`
	DurationMs  int64      `json:"durationMs"`
	ServerNow   time.Time  `json:"serverNow"`
}

func newTimerView(w *models.Workshop) TimerView {
	now := time.Now().UTC()
	v := TimerView{Running: w.TimerRunning, EndsAt: w.TimerEndsAt, RemainingMs: w.TimerRemainingMs, DurationMs: w.TimerDurationMs, ServerNow: now}
	if w.TimerRunning && w.TimerEndsAt != nil {
		v.RemainingMs = max(0, w.TimerEndsAt.Sub(now).Milliseconds())
	}
	return v
}

// timerChange commits a new timer state computed by next at commit time.
func timerChange(st *State, next func(w *models.Workshop, now time.Time)) *Change {
	return &Change{
		Event: EventTimerChanged,
		write: func(ctx context.Context, tx *models.Store, _ *Writes, _ int64, now time.Time) (any, error) {
			w := st.workshop.Workshop
			next(&w, now)
			if err := tx.SaveTimer(ctx, &w); err != nil {
				return nil, err
			}
			stored := TimerState{Running: w.TimerRunning, EndsAt: w.TimerEndsAt, RemainingMs: w.TimerRemainingMs, DurationMs: w.TimerDurationMs}
			return &TimerPayload{Timer: newTimerView(&w), Stored: &stored}, nil
		},
	}
}

func decodeSeconds(raw json.RawMessage, max int) (int, *CommandError) {
	var d struct {
		Seconds int `json:"seconds"`
	}
	if err := decodeData(raw, &d); err != nil {
		return 0, err
	}
	if d.Seconds < 1 || d.Seconds > max {
		return 0, Refuse(CodeBadRequest, "seconds must be between 1 and "+itoa(int64(max)))
	}
	return d.Seconds, nil
}

func handleTimerStart(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	secs, err := decodeSeconds(raw, maxTimerSeconds)
	if err != nil {
		return nil, err
	}
	d := time.Duration(secs) * time.Second
	return timerChange(st, func(w *models.Workshop, now time.Time) {
		ends := now.Add(d)
		w.TimerRunning, w.TimerEndsAt, w.TimerRemainingMs, w.TimerDurationMs = true, &ends, d.Milliseconds(), d.Milliseconds()
	}), nil
}

func handleTimerPause(st *State, sender Identity, _ json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	if !st.workshop.TimerRunning {
		return nil, Refuse(CodeBadRequest, "the timer is not running")
	}
	return timerChange(st, func(w *models.Workshop, now time.Time) {
		w.TimerRemainingMs = max(0, w.TimerEndsAt.Sub(now).Milliseconds())
		w.TimerRunning, w.TimerEndsAt = false, nil
	}), nil
}

func handleTimerResume(st *State, sender Identity, _ json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	if st.workshop.TimerRunning || st.workshop.TimerRemainingMs <= 0 {
		return nil, Refuse(CodeBadRequest, "there is no paused timer to resume")
	}
	return timerChange(st, func(w *models.Workshop, now time.Time) {
		ends := now.Add(time.Duration(w.TimerRemainingMs) * time.Millisecond)
		w.TimerRunning, w.TimerEndsAt = true, &ends
	}), nil
}

func handleTimerAdd(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	secs, err := decodeSeconds(raw, maxTimerAddSeconds)
	if err != nil {
		return nil, err
	}
	if !st.workshop.TimerRunning && st.workshop.TimerDurationMs == 0 {
		return nil, Refuse(CodeBadRequest, "start the timer first")
	}
	d := time.Duration(secs) * time.Second
	return timerChange(st, func(w *models.Workshop, now time.Time) {
		w.TimerDurationMs += d.Milliseconds()
		if w.TimerRunning {
			// A timer that already ran out restarts from now rather than from the past.
			base := *w.TimerEndsAt
			if base.Before(now) {
				base = now
			}
			ends := base.Add(d)
			w.TimerEndsAt = &ends
			return
		}
		w.TimerRemainingMs += d.Milliseconds()
	}), nil
}

// clearTimer is the timer of a workshop with none set: "0:00 time's up"
// leaves every screen.
func clearTimer(w *models.Workshop) {
	w.TimerRunning, w.TimerEndsAt, w.TimerRemainingMs, w.TimerDurationMs = false, nil, 0, 0
}

// timerSet reports whether a workshop shows a timer (running, paused or run out).
func timerSet(w *models.Workshop) bool {
	return w.TimerRunning || w.TimerDurationMs > 0 || w.TimerRemainingMs > 0
}

func handleTimerClear(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	if err := decodeData(raw, &struct{}{}); err != nil {
		return nil, err
	}
	if !timerSet(&st.workshop.Workshop) {
		return nil, Refuse(CodeBadRequest, "there is no timer to clear")
	}
	return timerChange(st, func(w *models.Workshop, _ time.Time) { clearTimer(w) }), nil
}
