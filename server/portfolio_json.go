package server

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// The matrix of a large portfolio is thousands of account cards; encoding
// them by reflection was a fifth of GET /api/portfolio, so they are
// appended by hand. portfolio_json_test.go checks the bytes are exactly
// what encoding/json writes for the same view, so a field added to
// accountCard and not here fails there.

// appendJSON appends v as encoding/json would marshal it.
func (v *portfolioView) appendJSON(b []byte) ([]byte, error) {
	var err error
	b = append(b, `{"axes":`...)
	if b, err = appendMarshal(b, v.Axes); err != nil {
		return nil, err
	}
	b = append(b, `,"stages":`...)
	if b, err = appendMarshal(b, v.Stages); err != nil {
		return nil, err
	}
	b = append(b, `,"cells":[`...)
	for i := range v.Cells {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = v.Cells[i].appendJSON(b); err != nil {
			return nil, err
		}
	}
	b = append(b, `],"total":`...)
	b = strconv.AppendInt(b, int64(v.Total), 10)
	b = append(b, `,"contacts":`...)
	if b, err = appendMarshal(b, v.Contacts); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

func (c *cellView) appendJSON(b []byte) ([]byte, error) {
	var err error
	b = append(b, `{"x":`...)
	b = strconv.AppendInt(b, int64(c.X), 10)
	b = append(b, `,"y":`...)
	b = strconv.AppendInt(b, int64(c.Y), 10)
	b = append(b, `,"count":`...)
	b = strconv.AppendInt(b, int64(c.Count), 10)
	b = append(b, `,"mrr":`...)
	if b, err = appendMarshal(b, c.MRR); err != nil {
		return nil, err
	}
	b = append(b, `,"accounts":`...)
	if c.Accounts == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range c.Accounts {
			if i > 0 {
				b = append(b, ',')
			}
			b = c.Accounts[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"play":`...)
	if b, err = appendMarshal(b, c.Play); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

func (a *accountCard) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, a.ID, 10)
	b = append(b, `,"name":`...)
	b = appendString(b, a.Name)
	b = append(b, `,"stage":`...)
	b = appendString(b, a.Stage)
	b = append(b, `,"condition":`...)
	b = appendString(b, a.Condition)
	b = append(b, `,"mrr":`...)
	b = strconv.AppendInt(b, a.MRR, 10)
	b = append(b, `,"currency":`...)
	b = appendString(b, a.Currency)
	b = append(b, `,"ownerId":`...)
	b = appendOptionalInt(b, a.OwnerID)
	b = append(b, `,"industry":`...)
	b = appendString(b, a.Industry)
	b = append(b, `,"sizeBand":`...)
	b = appendString(b, a.SizeBand)
	b = append(b, `,"seats":`...)
	b = strconv.AppendInt(b, int64(a.Seats), 10)
	b = append(b, `,"externalId":`...)
	b = appendString(b, a.ExternalID)
	b = append(b, `,"usageX":`...)
	b = strconv.AppendInt(b, int64(a.UsageX), 10)
	b = append(b, `,"usageY":`...)
	b = strconv.AppendInt(b, int64(a.UsageY), 10)
	b = append(b, `,"succeedFirst":`...)
	b = strconv.AppendBool(b, a.SucceedFirst)
	b = append(b, `,"churnRisk":`...)
	b = strconv.AppendBool(b, a.ChurnRisk)
	b = append(b, `,"churnRiskOpportunityId":`...)
	b = appendOptionalInt(b, a.ChurnRiskOppID)
	return append(b, '}')
}

func appendOptionalInt(b []byte, v *int64) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, *v, 10)
}

// appendString quotes s: directly when it is printable ASCII that
// encoding/json leaves as it is (no quote, backslash or HTML character),
// otherwise through encoding/json itself, so the escapes are always its own.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			out, _ := json.Marshal(s) // a string always marshals
			return append(b, out...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendMarshal(b []byte, v any) ([]byte, error) {
	out, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, out...), nil
}
