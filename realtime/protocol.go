// Package realtime runs live workshops: one Room per workshop serializes
// commands, commits each with its Event, then acknowledges and broadcasts.
package realtime

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// Error codes sent to clients in {"type":"error"} messages.
const (
	CodeBadRequest     = "bad_request"
	CodeUnknownCommand = "unknown_command"
	CodeForbidden      = "forbidden"
	CodeWrongPhase     = "wrong_phase"
	CodeNotFound       = "not_found"
	CodeTooLong        = "too_long"
	CodeInternal       = "internal"
	CodeRateLimited    = "rate_limited"
	CodeTooManyIdeas   = "too_many_ideas"
)

// Limits of the protocol.
const (
	MaxIdeaRunes    = 500
	MaxCommandIDLen = 64
	maxFrameBytes   = 16 << 10 // a generous ceiling for one command; larger frames close the socket
)

// Phases of a workshop, in order.
var Phases = []string{"lobby", "current", "ideal", "vote_ideal", "challenges", "first_steps", "vote_steps", "map", "closed"}

// Columns ideas live in; each is also the phase in which participants write it.
var Columns = []string{"current", "ideal", "challenges", "first_steps"}

// Idea sources.
const (
	SourceParticipant   = "participant"
	SourceVendorInsight = "vendor_insight"
	SourceTemplate      = "template" // a prompt seeded from a template: the room keeps or deletes it
)

// PhaseClosed freezes the board.
const PhaseClosed = "closed"

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

// Command is one client → server frame.
type Command struct {
	ID   string          `json:"id"`
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// CommandError is a refusal sent back to the sender; nothing changed.
type CommandError struct {
	Code    string
	Message string
}

func (e *CommandError) Error() string { return e.Code + ": " + e.Message }

func refuse(code, msg string) *CommandError { return &CommandError{Code: code, Message: msg} }

// decodeCommand parses a frame and checks its envelope; the data is checked by its handler.
func decodeCommand(frame []byte) (Command, *CommandError) {
	var cmd Command
	// encoding/json would quietly turn invalid bytes into U+FFFD; refuse them instead.
	if !utf8.Valid(frame) {
		return Command{}, refuse(CodeBadRequest, "frame must be valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(frame))
	if err := dec.Decode(&cmd); err != nil {
		return Command{}, refuse(CodeBadRequest, "frame is not a JSON command object")
	}
	if dec.More() {
		return Command{}, refuse(CodeBadRequest, "one JSON object per frame")
	}
	if cmd.ID == "" || len(cmd.ID) > MaxCommandIDLen || !utf8.ValidString(cmd.ID) {
		return Command{ID: safeID(cmd.ID)}, refuse(CodeBadRequest, "command id must be 1-64 characters")
	}
	if !knownCommand(cmd.Type) {
		return cmd, refuse(CodeUnknownCommand, "unknown command type")
	}
	return cmd, nil
}

// knownCommand reports whether t names a command: one that commits an event,
// or the ephemeral typing.
func knownCommand(t string) bool {
	_, ok := commandHandlers[t]
	return ok || t == typingCommand
}

// peekID reads a frame's command id cheaply for a reply to a refused frame.
func peekID(frame []byte) string {
	var env struct {
		ID string `json:"id"`
	}
	if !utf8.Valid(frame) || json.Unmarshal(frame, &env) != nil {
		return ""
	}
	return safeID(env.ID)
}

// safeID keeps an invalid id out of the error reply unless it is harmless.
func safeID(id string) string {
	if len(id) > MaxCommandIDLen || !utf8.ValidString(id) {
		return ""
	}
	return id
}

// decodeData unmarshals a command's data object into dst.
func decodeData(raw json.RawMessage, dst any) *CommandError {
	if len(raw) == 0 || string(raw) == "null" {
		return refuse(CodeBadRequest, "data object is required")
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return refuse(CodeBadRequest, "data does not match the command")
	}
	return nil
}

// cleanIdeaText trims text and checks it is valid UTF-8 of 1-500 runes.
func cleanIdeaText(text string) (string, *CommandError) {
	if !utf8.ValidString(text) {
		return "", refuse(CodeBadRequest, "text must be valid UTF-8")
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return "", refuse(CodeBadRequest, "text must not be empty")
	}
	if utf8.RuneCountInString(text) > MaxIdeaRunes {
		return "", refuse(CodeTooLong, "text is longer than 500 characters")
	}
	return text, nil
}

// Server → client messages.
type (
	snapshotMsg struct {
		Type string        `json:"type"`
		Seq  int64         `json:"seq"`
		Data *SnapshotView `json:"data"`
	}
	eventMsg struct {
		Type  string          `json:"type"`
		Seq   int64           `json:"seq"`
		Event string          `json:"event"`
		Data  json.RawMessage `json:"data"`
	}
	ackMsg struct {
		Type string `json:"type"`
		ID   string `json:"id"`
		Seq  int64  `json:"seq"`
	}
	errorMsg struct {
		Type    string `json:"type"`
		ID      string `json:"id"`
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	resumedMsg struct {
		Type string `json:"type"`
		Seq  int64  `json:"seq"`
	}
	presenceMsg struct {
		Type string       `json:"type"`
		Data PresenceView `json:"data"`
	}
)

// encode marshals a server message; our message types always marshal.
func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("realtime: encode server message: " + err.Error())
	}
	return b
}
