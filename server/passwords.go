package server

import (
	_ "embed"
	"strings"
	"unicode/utf8"
)

// commonPasswordList holds passwords of 8 characters or more that top the
// public lists of leaked passwords; they fall to the first guesses of any
// attack, so they are refused as new passwords (as NIST SP 800-63B asks).
//
//go:embed common_passwords.txt
var commonPasswordList string

// commonPasswords is commonPasswordList as a set.
type commonPasswords map[string]bool

func newCommonPasswords() commonPasswords {
	set := commonPasswords{}
	for _, p := range strings.Fields(commonPasswordList) {
		set[p] = true
	}
	return set
}

// weak reports why a new password would be guessed at once, or "".
func (c commonPasswords) weak(password, email, name string) string {
	lower := strings.ToLower(password)
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	switch {
	case c[lower]:
		return "this password is one of the most common; choose another"
	case oneRune(lower):
		return "a password of one repeated character is guessed at once"
	case sequence(lower):
		return "a run like 12345678 or abcdefgh is guessed at once"
	case lower == strings.ToLower(email) || (len(local) >= 4 && strings.Contains(lower, local)) ||
		(utf8.RuneCountInString(name) >= 4 && strings.Contains(lower, strings.ToLower(name))):
		return "a password must not contain your email or name"
	}
	return ""
}

func oneRune(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	return strings.Trim(s, string(first)) == ""
}

// sequence reports whether s runs up or down one code point at a time.
func sequence(s string) bool {
	r := []rune(s)
	up, down := true, true
	for i := 1; i < len(r); i++ {
		up = up && r[i] == r[i-1]+1
		down = down && r[i] == r[i-1]-1
	}
	return len(r) > 1 && (up || down)
}
