package server_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type offeringJSON struct {
	ID           int64
	Name         string
	Kind         string
	MonthlyPrice int64
	Currency     string
	Archived     bool
	CaseStudies  []struct {
		ID                         int64
		Customer, Summary, Outcome string
	}
}

func createOffering(t *testing.T, b *browser, name string, price int64, currency string) offeringJSON {
	t.Helper()
	var o offeringJSON
	require.Equal(t, 201, b.do("POST", "/api/offerings", map[string]any{
		"name": name, "kind": "addon", "monthlyPrice": price, "currency": currency, "tier": "Pro", "description": "Adds " + name,
	}, &o))
	return o
}

func TestOfferingCatalog(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, _ := a.facilitator("csm@example.com")
		o := createOffering(t, b, "Analytics add-on", 50000, "jpy")
		assert.Equal(t, "JPY", o.Currency, "currency codes are normalized")

		var cs struct{ ID int64 }
		require.Equal(t, 201, b.do("POST", "/api/offerings/"+itoa(o.ID)+"/case-studies", map[string]string{
			"customer": "Globex", "summary": "Replaced spreadsheets", "outcome": "Reports in minutes"}, &cs))
		require.Equal(t, 200, b.do("PATCH", "/api/offerings/"+itoa(o.ID), map[string]any{"monthlyPrice": 60000}, &o))
		assert.Equal(t, int64(60000), o.MonthlyPrice)
		assert.Equal(t, "Analytics add-on", o.Name)
		require.Equal(t, 200, b.do("GET", "/api/offerings/"+itoa(o.ID), nil, &o))
		require.Len(t, o.CaseStudies, 1)
		assert.Equal(t, "Reports in minutes", o.CaseStudies[0].Outcome)

		cases := []struct {
			name string
			body map[string]any
			code string
		}{
			{"empty name", map[string]any{"name": " ", "kind": "plan", "monthlyPrice": 1, "currency": "USD"}, "bad_request"},
			{"over-long name", map[string]any{"name": strings.Repeat("x", 201), "kind": "plan", "monthlyPrice": 1, "currency": "USD"}, "too_long"},
			{"bad kind", map[string]any{"name": "X", "kind": "bundle", "monthlyPrice": 1, "currency": "USD"}, "bad_request"},
			{"negative price", map[string]any{"name": "X", "kind": "plan", "monthlyPrice": -1, "currency": "USD"}, "bad_request"},
			{"bad currency", map[string]any{"name": "X", "kind": "plan", "monthlyPrice": 1, "currency": "XYZ"}, "bad_request"},
			{"currency not a code", map[string]any{"name": "X", "kind": "plan", "monthlyPrice": 1, "currency": "yen"}, "bad_request"},
			{"missing price", map[string]any{"name": "X", "kind": "plan", "currency": "USD"}, "bad_request"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var e apiErr
				assert.Equal(t, 400, b.do("POST", "/api/offerings", tc.body, &e))
				assert.Equal(t, tc.code, e.Error.Code)
			})
		}
		var e apiErr
		assert.Equal(t, 400, b.do("POST", "/api/offerings/"+itoa(o.ID)+"/case-studies", map[string]string{"customer": "", "summary": "s", "outcome": "o"}, &e))
		assert.Equal(t, 404, b.do("POST", "/api/offerings/9999/case-studies", map[string]string{"customer": "c", "summary": "s", "outcome": "o"}, &e))

		var list struct{ Offerings []offeringJSON }
		require.Equal(t, 200, b.do("GET", "/api/offerings", nil, &list))
		assert.Len(t, list.Offerings, 1, "refused requests created nothing")

		// Unlinked: deleting works, case studies go with it.
		spare := createOffering(t, b, "Spare", 1, "USD")
		assert.Equal(t, 204, b.do("DELETE", "/api/offerings/"+itoa(spare.ID), nil, nil))
		assert.Equal(t, 404, b.do("GET", "/api/offerings/"+itoa(spare.ID), nil, nil))
	})
}

func TestParticipantTokenOpensNoCatalogMapsOrTemplates(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		_, w := a.facilitator("csm@example.com")
		j := a.join(w.JoinCode, "Ken", "manager")
		anon := a.browser()
		for _, p := range []string{"/api/offerings", "/api/maps", "/api/templates"} {
			assert.Equal(t, 401, anon.do("GET", p+"?token="+j.Token, nil, nil), p)
		}
		assert.Equal(t, 401, anon.do("POST", "/api/offerings?token="+j.Token, map[string]any{"name": "X", "kind": "plan", "monthlyPrice": 1, "currency": "USD"}, nil))
	})
}

func TestOfferingBandPricesAreSetValidatedAndCleared(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, _ := a.facilitator("csm@example.com")
		type banded struct {
			ID           int64
			MonthlyPrice int64
			BandPrices   map[string]int64
		}
		var o banded
		reset := func() *banded { o = banded{}; return &o } // decoding into a used map would merge
		require.Equal(t, 201, b.do("POST", "/api/offerings", map[string]any{
			"name": "Seats", "kind": "seats", "monthlyPrice": 10000, "currency": "JPY", "bandPrices": map[string]int64{"1-50": 5000, "201-1000": 20000},
		}, reset()))
		assert.Equal(t, map[string]int64{"1-50": 5000, "201-1000": 20000}, o.BandPrices)

		plain := createOffering(t, b, "Plain", 1, "USD")
		var p banded
		require.Equal(t, 200, b.do("GET", "/api/offerings/"+itoa(plain.ID), nil, &p))
		assert.Equal(t, map[string]int64{}, p.BandPrices, "an offering without band prices shows {}")

		require.Equal(t, 200, b.do("PATCH", "/api/offerings/"+itoa(o.ID), map[string]any{"monthlyPrice": 12000}, reset()))
		assert.Equal(t, map[string]int64{"1-50": 5000, "201-1000": 20000}, o.BandPrices, "absent leaves them")
		require.Equal(t, 200, b.do("PATCH", "/api/offerings/"+itoa(o.ID), `{"bandPrices":null}`, reset()))
		assert.Len(t, o.BandPrices, 2, "null leaves them")
		require.Equal(t, 200, b.do("PATCH", "/api/offerings/"+itoa(o.ID), map[string]any{"bandPrices": map[string]int64{"5000+": 0, "51-200": 8000}}, reset()))
		assert.Equal(t, map[string]int64{"5000+": 0, "51-200": 8000}, o.BandPrices, "a map replaces them; zero is a price")

		cases := []struct {
			name   string
			prices map[string]int64
			field  string
			code   string
		}{
			{"unknown band", map[string]int64{"1-50": 1, "10-20": 5}, "bandPrices.10-20", "invalid"},
			{"empty band", map[string]int64{"": 5}, "bandPrices.", "invalid"},
			{"negative", map[string]int64{"51-200": -1}, "bandPrices.51-200", "out_of_range"},
			{"too large", map[string]int64{"51-200": 1_000_000_000_001}, "bandPrices.51-200", "out_of_range"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var e fieldErr
				assert.Equal(t, 400, b.do("PATCH", "/api/offerings/"+itoa(o.ID), map[string]any{"name": "Renamed", "bandPrices": tc.prices}, &e))
				assert.Equal(t, "bad_request", e.Error.Code)
				require.Len(t, e.Error.Fields, 1)
				assert.Equal(t, tc.field, e.Error.Fields[0].Field)
				assert.Equal(t, tc.code, e.Error.Fields[0].Code)
				assert.Equal(t, 400, b.do("POST", "/api/offerings", map[string]any{
					"name": "New", "kind": "plan", "monthlyPrice": 1, "currency": "USD", "bandPrices": tc.prices}, nil))
				var got banded
				var name struct{ Name string }
				require.Equal(t, 200, b.do("GET", "/api/offerings/"+itoa(o.ID), nil, &got))
				require.Equal(t, 200, b.do("GET", "/api/offerings/"+itoa(o.ID), nil, &name))
				assert.Equal(t, map[string]int64{"5000+": 0, "51-200": 8000}, got.BandPrices, "nothing changed")
				assert.Equal(t, "Seats", name.Name, "nothing changed")
			})
		}
		var list struct{ Offerings []offeringJSON }
		require.Equal(t, 200, b.do("GET", "/api/offerings", nil, &list))
		assert.Len(t, list.Offerings, 2, "refused creates made nothing")

		require.Equal(t, 200, b.do("PATCH", "/api/offerings/"+itoa(o.ID), map[string]any{"bandPrices": map[string]int64{}}, reset()))
		assert.Equal(t, map[string]int64{}, o.BandPrices, "{} clears them")
		assert.Equal(t, int64(12000), o.MonthlyPrice)
	})
}
