// Package realtime runs live workshops over WebSockets: one Room per
// workshop serializes its commands, commits them (board decides what each
// changes), then acknowledges and broadcasts; connections, their outboxes
// and framing, presence and other processes' commits are here too.
package realtime

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/kizuki-app/kizuki/board"
)

// Limits of the protocol.
const (
	MaxCommandIDLen = 64
	maxFrameBytes   = 16 << 10 // a generous ceiling for one command; larger frames close the socket
)

// Command is one client → server frame.
type Command struct {
	ID   string          `json:"id"`
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// decodeCommand parses a frame and checks its envelope; the data is checked by its handler.
func decodeCommand(frame []byte) (Command, *board.CommandError) {
	var cmd Command
	// encoding/json would quietly turn invalid bytes into U+FFFD; refuse them instead.
	if !utf8.Valid(frame) {
		return Command{}, board.Refuse(board.CodeBadRequest, "frame must be valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(frame))
	if err := dec.Decode(&cmd); err != nil {
		return Command{}, board.Refuse(board.CodeBadRequest, "frame is not a JSON command object")
	}
	if dec.More() {
		return Command{}, board.Refuse(board.CodeBadRequest, "one JSON object per frame")
	}
	if cmd.ID == "" || len(cmd.ID) > MaxCommandIDLen || !utf8.ValidString(cmd.ID) {
		return Command{ID: safeID(cmd.ID)}, board.Refuse(board.CodeBadRequest, "command id must be 1-64 characters")
	}
	if !knownCommand(cmd.Type) {
		return cmd, board.Refuse(board.CodeUnknownCommand, "unknown command type")
	}
	return cmd, nil
}

// knownCommand reports whether t names a command: one that commits an event,
// or the ephemeral typing.
func knownCommand(t string) bool { return board.IsCommand(t) || t == typingCommand }

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

// Server → client messages.
type (
	snapshotMsg struct {
		Type string              `json:"type"`
		Seq  int64               `json:"seq"`
		Data *board.SnapshotView `json:"data"`
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

// PresenceView is who is connected right now, and who is typing in which column.
type PresenceView struct {
	Online       []board.ParticipantView `json:"online"`
	Facilitators int                     `json:"facilitators"`
	Count        int                     `json:"count"`
	ByLayer      map[string]int          `json:"byLayer"`
	Typing       map[string]TypingView   `json:"typing"`
}
