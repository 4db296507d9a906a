package server

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/successmap"
)

// maxPackStories bounds the stories of an approval pack: a champion reads a few, not a library.
const maxPackStories = 10

// What a story matched an approval pack by.
const (
	matchSegment  = "segment"  // the account's industry and size band
	matchOffering = "offering" // one of the pack's offerings
)

// approvalPack is what a customer's champion needs for internal approval.
type approvalPack struct {
	MapID       int64                      `json:"mapId"`
	Title       string                     `json:"title"`
	AccountName string                     `json:"accountName"`
	Industry    string                     `json:"industry"`
	SizeBand    string                     `json:"sizeBand"`
	Ideal       []successmap.StatementView `json:"ideal"`
	Votes       *board.WorkshopResults     `json:"votes"`
	Offerings   []packOffering             `json:"offerings"`
	Stories     []packStory                `json:"stories"`
	FirstSteps  []packStep                 `json:"firstSteps"`
	GeneratedAt time.Time                  `json:"generatedAt"`
}

type packOffering struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	Description  string `json:"description"`
	MonthlyPrice int64  `json:"monthlyPrice"`
	Currency     string `json:"currency"`
	// Price is the monthly price for the account's size band: the band's
	// own price when the offering has one (PriceBand names it), else the
	// list price (PriceBand "").
	Price         int64    `json:"price"`
	PriceBand     string   `json:"priceBand"`
	Challenges    []string `json:"challenges"`
	OpportunityID *int64   `json:"opportunityId"`
	Status        *string  `json:"status"`
	MonthlyDelta  *int64   `json:"monthlyDelta"`
}

type packStory struct {
	storyView
	MatchedBy []string `json:"matchedBy"`
}

type packStep struct {
	Text   string `json:"text"`
	Owner  string `json:"owner"`
	Team   string `json:"team"`
	Due    string `json:"due"`
	Status string `json:"status"`
}

func (s *Server) approvalPack(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	org := orgID(c)
	m, err := s.store.MapByID(ctx, org, id)
	if err != nil {
		return err
	}
	acct, err := s.store.AccountByID(ctx, org, m.AccountID)
	if err != nil {
		return err
	}
	pack := approvalPack{MapID: m.ID, Title: m.Title, AccountName: acct.Name, Industry: acct.Industry, SizeBand: acct.SizeBand,
		Ideal: []successmap.StatementView{}, Offerings: []packOffering{}, Stories: []packStory{}, FirstSteps: []packStep{}, GeneratedAt: s.now().UTC()}
	for _, st := range m.Statements {
		pack.Ideal = append(pack.Ideal, successmap.StatementView{Text: st.Text, Votes: st.Votes})
	}
	for _, a := range m.Actions {
		pack.FirstSteps = append(pack.FirstSteps, packStep{Text: a.Text, Owner: a.Owner, Team: a.Team, Due: a.Due, Status: a.Status})
	}
	if m.SourceWorkshopID != nil {
		_, err := s.store.WorkshopInOrg(ctx, org, *m.SourceWorkshopID)
		switch {
		case err == nil:
			if pack.Votes, err = board.LoadResults(ctx, s.store, *m.SourceWorkshopID); err != nil {
				return err
			}
		case !errors.Is(err, models.ErrNotFound):
			return err
		}
	}
	if pack.Offerings, err = s.packOfferings(c, m, acct.SizeBand); err != nil {
		return err
	}
	if pack.Stories, err = s.packStories(c, acct, pack.Offerings); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, pack)
}

// packOfferings lists the offerings the map's challenges link and those
// proposed or won from the map, with the challenges each closes and what
// was proposed, each priced for the account's size band.
func (s *Server) packOfferings(c echo.Context, m *models.SuccessMap, sizeBand string) ([]packOffering, error) {
	ctx := c.Request().Context()
	opps, err := s.store.Opportunities(ctx, models.OpportunityFilter{OrganizationID: m.OrganizationID, AccountID: m.AccountID})
	if err != nil {
		return nil, err
	}
	proposed := map[int64]*models.OpportunityEntry{} // the newest live one per offering (opps come newest first)
	for i := range opps {
		o := &opps[i]
		if o.MapID == nil || *o.MapID != m.ID || o.Status == models.OpportunityLost || proposed[o.OfferingID] != nil {
			continue
		}
		proposed[o.OfferingID] = o
	}
	ids := successmap.LinkedOfferingIDs(m)
	for oid := range proposed {
		ids = append(ids, oid)
	}
	known, err := s.store.OfferingsByIDs(ctx, m.OrganizationID, ids)
	if err != nil {
		return nil, err
	}
	out := []packOffering{}
	for oid, o := range known {
		p := packOffering{ID: oid, Name: o.Name, Kind: o.Kind, Description: o.Description, MonthlyPrice: o.MonthlyPrice, Currency: o.Currency, Challenges: []string{}}
		p.Price, p.PriceBand = o.PriceFor(sizeBand)
		for _, ch := range m.Challenges {
			for _, linked := range ch.OfferingIDs {
				if linked == oid {
					p.Challenges = append(p.Challenges, ch.Text)
				}
			}
		}
		if opp := proposed[oid]; opp != nil {
			id, status, delta := opp.ID, opp.Status, opp.MonthlyDelta
			p.OpportunityID, p.Status, p.MonthlyDelta = &id, &status, &delta
		}
		out = append(out, p)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out, nil
}

// packStories finds the stories of customers like this one: of its segment,
// or which adopted one of the pack's offerings; never its own.
func (s *Server) packStories(c echo.Context, acct *models.Account, offerings []packOffering) ([]packStory, error) {
	f := models.StoryFilter{OrganizationID: acct.OrganizationID, ExceptAccount: acct.ID, Limit: 200}
	if acct.Industry != "" && acct.SizeBand != "" {
		f.Segment, f.Industry, f.SizeBand = true, acct.Industry, acct.SizeBand
	}
	packIDs := map[int64]bool{}
	for _, o := range offerings {
		f.OfferingIDs = append(f.OfferingIDs, o.ID)
		packIDs[o.ID] = true
	}
	if !f.Segment && len(f.OfferingIDs) == 0 {
		return []packStory{}, nil
	}
	list, err := s.store.Stories(c.Request().Context(), f)
	if err != nil {
		return nil, err
	}
	views, err := s.storyViews(c, acct.OrganizationID, list)
	if err != nil {
		return nil, err
	}
	out := make([]packStory, 0, len(views))
	for i, v := range views {
		p := packStory{storyView: v, MatchedBy: []string{}}
		if f.Segment && strings.EqualFold(list[i].Industry, acct.Industry) && list[i].SizeBand == acct.SizeBand {
			p.MatchedBy = append(p.MatchedBy, matchSegment)
		}
		for _, oid := range list[i].OfferingIDs {
			if packIDs[oid] {
				p.MatchedBy = append(p.MatchedBy, matchOffering)
				break
			}
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(a, b int) bool { return len(out[a].MatchedBy) > len(out[b].MatchedBy) })
	if len(out) > maxPackStories {
		out = out[:maxPackStories]
	}
	return out, nil
}
