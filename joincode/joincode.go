// Package joincode draws and reads the short codes participants type to join a workshop.
package joincode

import (
	"crypto/rand"
	"math/big"
	"strings"
)

// Alphabet leaves out 0/O, 1/I/L so codes read aloud or off a projector
// are typed right; Length symbols of 31 give about 40 bits.
const (
	Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	Length   = 8
)

// New draws a uniformly random join code from crypto/rand.
func New() (string, error) {
	max := big.NewInt(int64(len(Alphabet)))
	var b strings.Builder
	for range Length {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		b.WriteByte(Alphabet[n.Int64()])
	}
	return b.String(), nil
}

// Normalize accepts codes typed in lower case or with spaces and dashes.
func Normalize(code string) string {
	code = strings.ToUpper(code)
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, code)
}
