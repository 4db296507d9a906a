package server

import (
	"crypto/rand"
	"math/big"
	"strings"
)

// joinCodeAlphabet leaves out 0/O, 1/I/L so codes read aloud or off a
// projector are typed right; 8 of 31 symbols give about 40 bits.
const (
	joinCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	joinCodeLength   = 8
)

// newJoinCode draws a uniformly random join code from crypto/rand.
func newJoinCode() (string, error) {
	max := big.NewInt(int64(len(joinCodeAlphabet)))
	var b strings.Builder
	for range joinCodeLength {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		b.WriteByte(joinCodeAlphabet[n.Int64()])
	}
	return b.String(), nil
}

// normalizeJoinCode accepts codes typed in lower case or with spaces and dashes.
func normalizeJoinCode(code string) string {
	code = strings.ToUpper(code)
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, code)
}
