package export

import (
	"strconv"
	"strings"

	"golang.org/x/text/currency"
)

// FormatMoney shows a minor-unit amount as people read it: 120050 USD is
// "1,200.50 USD", 50000 JPY "50,000 JPY". The number of decimals is the
// currency's, from CLDR (golang.org/x/text/currency).
func FormatMoney(minor int64, code string) string {
	scale := 2
	if unit, err := currency.ParseISO(code); err == nil {
		scale, _ = currency.Standard.Rounding(unit)
	}
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	div := int64(1)
	for range scale {
		div *= 10
	}
	s := sign + group(strconv.FormatInt(minor/div, 10))
	if scale > 0 {
		frac := strconv.FormatInt(minor%div, 10)
		s += "." + strings.Repeat("0", scale-len(frac)) + frac
	}
	return s + " " + code
}

// group puts a comma between each three digits.
func group(digits string) string {
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
