// Package board is a live workshop's domain: its phases, columns and layers,
// the board state, the commands participants and facilitators send and how
// each is checked, the events they commit and what each viewer may see of
// them. It knows nothing of sockets; realtime runs rooms on top of it, and
// the REST handlers and exports read its views and results.
package board

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Roles of a connection.
const (
	RoleFacilitator = "facilitator"
	RoleParticipant = "participant"
)

// Phases of a workshop, in order.
var Phases = []string{"lobby", "current", "ideal", "vote_ideal", "challenges", "first_steps", "vote_steps", "map", "closed"}

// PhaseClosed freezes the board.
const PhaseClosed = "closed"

// Columns ideas live in; each is also the phase in which participants write it.
var Columns = []string{"current", "ideal", "challenges", "first_steps"}

// Layers of the customer's organization, in the order results show them.
var Layers = []string{"executive", "manager", "frontline", "other"}

// VotedColumns are the columns with a voting round, each voted in its phase.
var VotedColumns = map[string]string{"vote_ideal": "ideal", "vote_steps": "first_steps"}

// Idea sources.
const (
	SourceParticipant   = "participant"
	SourceVendorInsight = "vendor_insight"
	SourceTemplate      = "template" // a prompt seeded from a template: the room keeps or deletes it
	SourceGroup         = "group"    // the idea that stands for a group of merged ideas
)

// IsPhase reports whether p names a phase.
func IsPhase(p string) bool { return contains(Phases, p) }

// IsColumn reports whether c names an idea column.
func IsColumn(c string) bool { return contains(Columns, c) }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Error codes of refused commands, sent to clients in {"type":"error"} messages.
const (
	CodeBadRequest         = "bad_request"
	CodeUnknownCommand     = "unknown_command"
	CodeForbidden          = "forbidden"
	CodeWrongPhase         = "wrong_phase"
	CodeNotFound           = "not_found"
	CodeTooLong            = "too_long"
	CodeInternal           = "internal"
	CodeRateLimited        = "rate_limited"
	CodeTooManyIdeas       = "too_many_ideas"
	CodeVoteBudgetExceeded = "vote_budget_exceeded"
	CodeVoteCapExceeded    = "vote_cap_exceeded"
)

// Bounds on one board, so one join code cannot flood a workshop: a board
// of MaxIdeas ideas of 500 Japanese characters is a snapshot of 3.5 MB, and
// one person's ideas a small share of it.
const (
	MaxIdeaRunes           = 500
	MaxIdeas               = 2000
	MaxIdeasPerParticipant = 100
)

// CommandError is a refusal sent back to the sender; nothing changed.
type CommandError struct {
	Code    string
	Message string
}

func (e *CommandError) Error() string { return e.Code + ": " + e.Message }

// Refuse is a refusal with a code and a message for the sender.
func Refuse(code, msg string) *CommandError { return &CommandError{Code: code, Message: msg} }

// decodeData unmarshals a command's data object into dst.
func decodeData(raw json.RawMessage, dst any) *CommandError {
	if len(raw) == 0 || string(raw) == "null" {
		return Refuse(CodeBadRequest, "data object is required")
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return Refuse(CodeBadRequest, "data does not match the command")
	}
	return nil
}

// cleanIdeaText trims text and checks it is valid UTF-8 of 1-500 runes.
func cleanIdeaText(text string) (string, *CommandError) {
	if !utf8.ValidString(text) {
		return "", Refuse(CodeBadRequest, "text must be valid UTF-8")
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return "", Refuse(CodeBadRequest, "text must not be empty")
	}
	if utf8.RuneCountInString(text) > MaxIdeaRunes {
		return "", Refuse(CodeTooLong, "text is longer than 500 characters")
	}
	return text, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
