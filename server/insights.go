package server

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
)

// upsellStats are the figures of a set of opportunities over a period.
type upsellStats struct {
	Proposed      int      `json:"proposed"`
	Won           int      `json:"won"`
	Lost          int      `json:"lost"`
	WinRate       *float64 `json:"winRate"`
	ExpansionMRR  []money  `json:"expansionMrr"`
	PositiveWins  int      `json:"positiveWins"`
	NegativeWins  int      `json:"negativeWins"`
	PositiveShare *float64 `json:"positiveShare"`
	mrr           map[string]int64
}

// add counts o: as proposed if proposed in the period, as won or lost if closed in it.
func (st *upsellStats) add(o *models.Opportunity, in func(time.Time) bool) {
	if in(o.ProposedAt) {
		st.Proposed++
	}
	if o.ClosedAt == nil || !in(*o.ClosedAt) {
		return
	}
	switch o.Status {
	case models.OpportunityLost:
		st.Lost++
	case models.OpportunityWon:
		st.Won++
		if st.mrr == nil {
			st.mrr = map[string]int64{}
		}
		st.mrr[o.Currency] += o.MonthlyDelta
		switch models.WinReasonKind(o.Reason) {
		case models.ReasonPositive:
			st.PositiveWins++
		case models.ReasonNegative:
			st.NegativeWins++
		}
	}
}

// finish works out the rates and lists the sums by currency code.
func (st *upsellStats) finish() {
	if closed := st.Won + st.Lost; closed > 0 {
		rate := float64(st.Won) / float64(closed)
		st.WinRate = &rate
	}
	if st.Won > 0 {
		share := float64(st.PositiveWins) / float64(st.Won)
		st.PositiveShare = &share
	}
	st.ExpansionMRR = sortedMoney(st.mrr)
}

func (st *upsellStats) empty() bool { return st.Proposed == 0 && st.Won == 0 && st.Lost == 0 }

// sortedMoney lists per-currency sums by currency code; amounts in different currencies are never added.
func sortedMoney(sums map[string]int64) []money {
	out := make([]money, 0, len(sums))
	for cur, amount := range sums {
		out = append(out, money{Amount: amount, Currency: cur})
	}
	slices.SortFunc(out, func(a, b money) int { return strings.Compare(a.Currency, b.Currency) })
	return out
}

type csmStats struct {
	UserID *int64 `json:"userId"`
	Name   string `json:"name"`
	upsellStats
}

type offeringStats struct {
	OfferingID int64  `json:"offeringId"`
	Name       string `json:"name"`
	upsellStats
}

type reasonStats struct {
	Reason       string  `json:"reason"`
	Kind         string  `json:"kind"`
	Won          int     `json:"won"`
	ExpansionMRR []money `json:"expansionMrr"`
}

type upsellInsights struct {
	From       *time.Time      `json:"from"`
	To         *time.Time      `json:"to"`
	Totals     upsellStats     `json:"totals"`
	ByCSM      []csmStats      `json:"byCsm"`
	ByOffering []offeringStats `json:"byOffering"`
	ByReason   []reasonStats   `json:"byReason"`
}

// upsellInsights answers win rate, expansion MRR and the share of wins for
// the right reasons over a period, overall and by CSM, offering and reason,
// from one query of the period's opportunities.
func (s *Server) upsellInsights(c echo.Context) error {
	from, to, errs := parsePeriod(c)
	if err := errs.err(); err != nil {
		return err
	}
	list, err := s.store.Opportunities(c.Request().Context(), models.OpportunityFilter{OrganizationID: orgID(c), From: from, To: to})
	if err != nil {
		return err
	}
	in := func(t time.Time) bool { return (from == nil || !t.Before(*from)) && (to == nil || t.Before(*to)) }
	out := upsellInsights{From: from, To: to, ByCSM: []csmStats{}, ByOffering: []offeringStats{}}
	byCSM := map[int64]*csmStats{} // 0: nobody's
	byOffering := map[int64]*offeringStats{}
	byReason := map[string]*reasonStats{}
	reasonMRR := map[string]map[string]int64{}
	for _, r := range models.WinReasons {
		byReason[r] = &reasonStats{Reason: r, Kind: models.WinReasonKind(r)}
		reasonMRR[r] = map[string]int64{}
	}
	for i := range list {
		e := &list[i]
		o := &e.Opportunity
		out.Totals.add(o, in)
		var owner int64
		if o.OwnerID != nil {
			owner = *o.OwnerID
		}
		cs := byCSM[owner]
		if cs == nil {
			cs = &csmStats{UserID: o.OwnerID, Name: e.OwnerName}
			byCSM[owner] = cs
		}
		cs.add(o, in)
		os := byOffering[o.OfferingID]
		if os == nil {
			os = &offeringStats{OfferingID: o.OfferingID, Name: e.OfferingName}
			byOffering[o.OfferingID] = os
		}
		os.add(o, in)
		if rs := byReason[o.Reason]; rs != nil && o.Status == models.OpportunityWon && o.ClosedAt != nil && in(*o.ClosedAt) {
			rs.Won++
			reasonMRR[o.Reason][o.Currency] += o.MonthlyDelta
		}
	}
	out.Totals.finish()
	for id, cs := range byCSM {
		if cs.empty() {
			continue
		}
		cs.finish()
		if id == 0 {
			cs.UserID = nil
		}
		out.ByCSM = append(out.ByCSM, *cs)
	}
	slices.SortFunc(out.ByCSM, func(a, b csmStats) int {
		if (a.UserID == nil) != (b.UserID == nil) {
			if a.UserID == nil {
				return 1 // nobody's last
			}
			return -1
		}
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(derefID(a.UserID), derefID(b.UserID)))
	})
	for _, os := range byOffering {
		if os.empty() {
			continue
		}
		os.finish()
		out.ByOffering = append(out.ByOffering, *os)
	}
	slices.SortFunc(out.ByOffering, func(a, b offeringStats) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.OfferingID, b.OfferingID))
	})
	for _, r := range models.WinReasons {
		rs := byReason[r]
		rs.ExpansionMRR = sortedMoney(reasonMRR[r])
		out.ByReason = append(out.ByReason, *rs)
	}
	return c.JSON(http.StatusOK, out)
}

func derefID(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}
