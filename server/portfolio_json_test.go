package server

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
)

// filled gives every field of a struct a value that is not its zero value,
// so a field the hand-written encoding forgets shows in the comparison.
func filled[T any](t *testing.T, seed int) T {
	t.Helper()
	var v T
	rv := reflect.ValueOf(&v).Elem()
	for i := range rv.NumField() {
		f := rv.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("v" + string(rune('a'+i+seed)))
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(i + seed + 1))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Pointer:
			p := reflect.New(f.Type().Elem())
			p.Elem().SetInt(int64(100 + i + seed))
			f.Set(p)
		default:
			t.Fatalf("field %s of kind %s: teach filled and appendJSON about it", rv.Type().Field(i).Name, f.Kind())
		}
	}
	return v
}

func TestThePortfolioIsEncodedExactlyAsEncodingJSONWould(t *testing.T) {
	odd := []string{"", `quote " and \ backslash`, "<script>&amp;</script>", "株式会社アクメ", "line\nbreak\ttab\x01",
		"\u2028\u2029", "bad \xff\xfe utf-8", "emoji 🎉", "\x7f", "plain ASCII name 42"}
	var cards []accountCard
	for i, s := range odd {
		c := filled[accountCard](t, i)
		c.Name, c.Industry, c.ExternalID = s, s, s
		if i%2 == 0 {
			c.OwnerID, c.ChurnRiskOppID, c.SucceedFirst, c.ChurnRisk = nil, nil, false, false
		}
		cards = append(cards, c)
	}
	cells := make([]cellView, 16)
	for i := range cells {
		cells[i] = cellView{X: i % 4, Y: i / 4, MRR: []money{}, Accounts: []accountCard{}}
	}
	cells[5].Accounts, cells[5].Count = cards, len(cards)
	cells[5].MRR = []money{{Amount: 1200, Currency: "JPY"}, {Amount: 5, Currency: "USD"}}
	cells[6].Accounts = nil
	cells[9].Play = &playView{Action: "Run <the> workshop", TemplateID: new(int64), TemplateName: "T & Co", UpdatedAt: time.Date(2027, 3, 1, 9, 30, 0, 123, time.UTC)}
	v := portfolioView{
		Axes:   axesView{X: axisView{"Ledger"}, Y: axisView{"予約"}},
		Stages: models.DefaultStages(), Cells: cells, Total: len(cards),
		Contacts: contactsSummary{Month: "2027-03", ThisMonth: 3, Goal: 100, ByCSM: []csmContacts{{UserID: 1, Name: "Aiko", Count: 3}}},
	}

	got, err := v.appendJSON(nil)
	require.NoError(t, err)
	want, err := json.Marshal(&v)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
	assert.True(t, json.Valid(got))
}
