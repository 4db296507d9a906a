package server

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
)

// Bounds of the opportunity lists: a team's year fits; beyond, filter.
const (
	maxOpportunitiesListed   = 1_000
	maxOpportunitiesExported = 10_000
)

type opportunityView struct {
	ID               int64      `json:"id"`
	AccountID        int64      `json:"accountId"`
	AccountName      string     `json:"accountName"`
	MapID            *int64     `json:"mapId"`
	ChallengeID      *int64     `json:"challengeId"`
	ChallengeText    string     `json:"challengeText"`
	OfferingID       int64      `json:"offeringId"`
	OfferingName     string     `json:"offeringName"`
	Status           string     `json:"status"`
	MonthlyDelta     int64      `json:"monthlyDelta"`
	Currency         string     `json:"currency"`
	Reason           string     `json:"reason"`
	ReasonKind       *string    `json:"reasonKind"`
	Note             string     `json:"note"`
	OwnerID          *int64     `json:"ownerId"`
	OwnerName        string     `json:"ownerName"`
	Override         bool       `json:"override"`
	OverrideReason   string     `json:"overrideReason"`
	ProposedAt       time.Time  `json:"proposedAt"`
	ClosedAt         *time.Time `json:"closedAt"`
	ChurnClearedAt   *time.Time `json:"churnClearedAt"`
	ChurnClearedBy   *int64     `json:"churnClearedBy"`
	ChurnClearedNote string     `json:"churnClearedNote"`
	CreatedBy        int64      `json:"createdBy"`
	CreatedAt        time.Time  `json:"createdAt"`
	UpdatedAt        time.Time  `json:"updatedAt"`
}

func newOpportunityView(e *models.OpportunityEntry) opportunityView {
	o := &e.Opportunity
	v := opportunityView{ID: o.ID, AccountID: o.AccountID, AccountName: e.AccountName, MapID: o.MapID, ChallengeID: o.ChallengeID,
		ChallengeText: o.ChallengeText, OfferingID: o.OfferingID, OfferingName: e.OfferingName, Status: o.Status,
		MonthlyDelta: o.MonthlyDelta, Currency: o.Currency, Reason: o.Reason, Note: o.Note, OwnerID: o.OwnerID,
		OwnerName: e.OwnerName, Override: o.Override, OverrideReason: o.OverrideReason, ProposedAt: o.ProposedAt,
		ClosedAt: o.ClosedAt, ChurnClearedAt: o.ChurnClearedAt, ChurnClearedBy: o.ChurnClearedBy,
		ChurnClearedNote: o.ChurnClearedNote, CreatedBy: o.CreatedBy, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
	if kind := o.ReasonKind(); kind != "" {
		v.ReasonKind = &kind
	}
	return v
}

// notFoundField is a 404 naming the input field whose id names nothing of the caller's organization.
func notFoundField(field, msg string) error {
	return &detailedError{apiError: apiError{http.StatusNotFound, "not_found", msg}, Fields: []fieldError{{field, "not_found", msg}}}
}

// opportunityFilter reads the list's and the export's filters.
func opportunityFilter(c echo.Context) (models.OpportunityFilter, error) {
	f := models.OpportunityFilter{OrganizationID: orgID(c), Status: c.QueryParam("status")}
	var errs fieldErrors
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"accountId", &f.AccountID}, {"ownerId", &f.OwnerID}, {"offeringId", &f.OfferingID}} {
		if q := c.QueryParam(p.name); q != "" {
			id, err := strconv.ParseInt(q, 10, 64)
			if err != nil || id <= 0 {
				errs.add(p.name, "invalid", p.name+" must be a positive integer")
			}
			*p.dst = id
		}
	}
	if f.Status != "" && !isOpportunityStatus(f.Status) {
		errs.add("status", "invalid", "status must be proposed, won or lost")
	}
	from, to, periodErrs := parsePeriod(c)
	f.From, f.To = from, to
	errs = append(errs, periodErrs...)
	return f, errs.err()
}

func isOpportunityStatus(s string) bool {
	return s == models.OpportunityProposed || s == models.OpportunityWon || s == models.OpportunityLost
}

// parsePeriod reads from and to: UTC days (to includes its day) or RFC 3339 times (to exclusive).
func parsePeriod(c echo.Context) (from, to *time.Time, errs fieldErrors) {
	read := func(name string, endOfDay bool) *time.Time {
		q := c.QueryParam(name)
		if q == "" {
			return nil
		}
		if t, err := time.Parse(time.RFC3339, q); err == nil {
			t = t.UTC()
			return &t
		}
		if d, err := time.Parse(time.DateOnly, q); err == nil {
			if endOfDay {
				d = d.AddDate(0, 0, 1)
			}
			return &d
		}
		errs.add(name, "invalid", name+" must be a date like 2027-03-31 or an RFC 3339 time")
		return nil
	}
	from, to = read("from", false), read("to", true)
	if from != nil && to != nil && to.Before(*from) {
		errs.add("to", "out_of_range", "to must not be before from")
	}
	return from, to, errs
}

func (s *Server) listOpportunities(c echo.Context) error {
	f, err := opportunityFilter(c)
	if err != nil {
		return err
	}
	f.Limit = maxOpportunitiesListed
	list, err := s.store.Opportunities(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := make([]opportunityView, len(list))
	for i := range list {
		out[i] = newOpportunityView(&list[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"opportunities": out})
}

func (s *Server) getOpportunity(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	o, err := s.store.OpportunityByID(c.Request().Context(), orgID(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newOpportunityView(o))
}

// opportunityCreateInput proposes an offering, from a map's challenge or by hand on an account.
type opportunityCreateInput struct {
	AccountID      int64      `json:"accountId"`
	MapID          int64      `json:"mapId"`
	ChallengeID    int64      `json:"challengeId"`
	OfferingID     int64      `json:"offeringId"`
	Status         *string    `json:"status"`
	MonthlyDelta   *int64     `json:"monthlyDelta"`
	Currency       *string    `json:"currency"`
	Note           string     `json:"note"`
	OwnerID        optionalID `json:"ownerId"`
	ProposedAt     *time.Time `json:"proposedAt"`
	Override       bool       `json:"override"`
	OverrideReason string     `json:"overrideReason"`
}

func (s *Server) createOpportunity(c echo.Context) error {
	var in opportunityCreateInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	now := s.now().UTC()
	o := &models.Opportunity{OrganizationID: orgID(c), Status: models.OpportunityProposed, CreatedBy: currentUser(c).ID, ProposedAt: now}
	var errs fieldErrors
	if in.OfferingID <= 0 {
		errs.add("offeringId", "required", "offeringId is required")
	}
	if in.AccountID <= 0 && in.MapID <= 0 {
		errs.add("accountId", "required", "accountId (or mapId) is required")
	}
	if in.ChallengeID != 0 && in.MapID <= 0 {
		errs.add("mapId", "required", "mapId is required with a challengeId")
	}
	if in.Status != nil && *in.Status != models.OpportunityProposed {
		errs.add("status", "invalid", "a new opportunity is proposed; close it with PATCH")
	}
	if in.MonthlyDelta != nil && (*in.MonthlyDelta < 0 || *in.MonthlyDelta > maxMRR) {
		errs.add("monthlyDelta", "out_of_range", "monthlyDelta must be a non-negative amount in the offering currency's minor unit")
	}
	if note, err := cleanText("note", in.Note, 0, 2000); err != nil {
		errs = append(errs, fieldsOf(err)...)
	} else {
		o.Note = note
	}
	if in.ProposedAt != nil {
		if in.ProposedAt.Before(earliestContact) || in.ProposedAt.After(now.Add(contactFuture)) {
			errs.add("proposedAt", "out_of_range", "proposedAt must be a time since 2000 and no more than a day ahead")
		}
		o.ProposedAt = *in.ProposedAt
	}
	if in.OwnerID.Set && in.OwnerID.ID != nil && *in.OwnerID.ID <= 0 {
		errs.add("ownerId", "not_found", "ownerId must be a member of the organization")
	}
	if err := errs.err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	accountID := in.AccountID
	if in.MapID > 0 {
		m, err := s.store.MapByID(ctx, orgID(c), in.MapID)
		if errors.Is(err, models.ErrNotFound) {
			return notFoundField("mapId", "mapId names no map")
		} else if err != nil {
			return err
		}
		if in.AccountID > 0 && in.AccountID != m.AccountID {
			return invalidField("accountId", "invalid", "accountId must be the map's account")
		}
		accountID, o.MapID = m.AccountID, &m.ID
		if in.ChallengeID != 0 {
			i := slices.IndexFunc(m.Challenges, func(ch models.MapChallenge) bool { return ch.ID == in.ChallengeID })
			if i < 0 {
				return notFoundField("challengeId", "challengeId names no challenge of the map")
			}
			if !slices.Contains(m.Challenges[i].OfferingIDs, in.OfferingID) {
				return invalidField("offeringId", "invalid", "the offering is not linked to that challenge")
			}
			o.ChallengeID, o.ChallengeText = &in.ChallengeID, m.Challenges[i].Text
		}
	}
	account, err := s.store.AccountByID(ctx, orgID(c), accountID)
	if errors.Is(err, models.ErrNotFound) {
		return notFoundField("accountId", "accountId names no account")
	} else if err != nil {
		return err
	}
	o.AccountID = account.ID
	offering, err := s.store.OfferingByID(ctx, orgID(c), in.OfferingID)
	if errors.Is(err, models.ErrNotFound) {
		return notFoundField("offeringId", "offeringId names no offering")
	} else if err != nil {
		return err
	}
	if offering.Archived {
		return invalidField("offeringId", "invalid", "the offering is archived")
	}
	o.OfferingID, o.Currency, o.MonthlyDelta = offering.ID, offering.Currency, offering.MonthlyPrice
	if in.MonthlyDelta != nil {
		o.MonthlyDelta = *in.MonthlyDelta
	}
	if err := currencyFits(in.Currency, offering.Currency); err != nil {
		return err
	}
	owner := &currentUser(c).ID
	if in.OwnerID.Set {
		owner = in.OwnerID.ID
	}
	if err := s.checkMember(c, "ownerId", owner); err != nil {
		return err
	}
	o.OwnerID = owner
	if err := satisfiedFirst(account, in.Override, in.OverrideReason); err != nil {
		return err
	}
	if account.SucceedFirst() {
		o.Override, o.OverrideReason = true, cleanReason(in.OverrideReason)
	}
	if err := s.store.CreateOpportunity(ctx, o); err != nil {
		return err
	}
	return s.answerOpportunity(c, http.StatusCreated, o.ID)
}

// answerOpportunity answers with an opportunity as stored, with its names.
func (s *Server) answerOpportunity(c echo.Context, status int, id int64) error {
	e, err := s.store.OpportunityByID(c.Request().Context(), orgID(c), id)
	if err != nil {
		return err
	}
	return c.JSON(status, newOpportunityView(e))
}

// currencyFits refuses a currency other than the offering's: an amount is
// only ever in the offering's currency.
func currencyFits(sent *string, offering string) error {
	if sent == nil || normalizeCurrency(*sent) == offering {
		return nil
	}
	msg := "currency must be the offering's (" + offering + ")"
	return &detailedError{apiError: apiError{http.StatusBadRequest, "bad_request", msg}, Fields: []fieldError{{"currency", "mismatch", msg}}}
}

// checkMember refuses an id that is not a member of the caller's organization (nil passes).
func (s *Server) checkMember(c echo.Context, field string, id *int64) error {
	if id == nil {
		return nil
	}
	if _, err := s.store.MemberByID(c.Request().Context(), orgID(c), *id); err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return invalidField(field, "not_found", field+" must be a member of the organization")
		}
		return err
	}
	return nil
}

// satisfiedFirst applies the satisfied-first rule as the API answers it.
func satisfiedFirst(a *models.Account, override bool, reason string) error {
	switch err := models.CheckProposal(a, override, reason); {
	case errors.Is(err, models.ErrSucceedFirst):
		msg := "the account is not satisfied: succeed first, or send override with an overrideReason"
		return &detailedError{apiError: apiError{http.StatusConflict, "succeed_first", msg}, Fields: []fieldError{{"override", "required", msg}}}
	case errors.Is(err, models.ErrOverrideReasonRequired):
		return invalidField("overrideReason", "required", "an override needs an overrideReason of 1-500 characters")
	default:
		return err
	}
}
