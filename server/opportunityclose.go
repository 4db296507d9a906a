package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/export"
	"github.com/kizuki-app/kizuki/models"
)

// maxLostReason bounds a lost opportunity's reason: a short text, not a report.
const maxLostReason = 200

// opportunityPatchInput moves an opportunity on or corrects it; nil fields stay.
type opportunityPatchInput struct {
	Status       *string    `json:"status"`
	Reason       *string    `json:"reason"`
	MonthlyDelta *int64     `json:"monthlyDelta"`
	Currency     *string    `json:"currency"`
	Note         *string    `json:"note"`
	OwnerID      optionalID `json:"ownerId"`
	ClosedAt     *time.Time `json:"closedAt"`
}

func normalizeCurrency(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func cleanReason(s string) string { return strings.TrimSpace(s) }

func (s *Server) updateOpportunity(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in opportunityPatchInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	e, err := s.store.OpportunityByID(ctx, orgID(c), id)
	if err != nil {
		return err
	}
	o := e.Opportunity
	was := o.Status
	if was != models.OpportunityProposed {
		if err := closedChanges(&in, &o); err != nil {
			return err
		}
	} else if err := s.applyOpportunityPatch(c, &in, &o); err != nil {
		return err
	}
	if in.Note != nil {
		note, err := cleanText("note", *in.Note, 0, 2000)
		if err != nil {
			return err
		}
		o.Note = note
	}
	if err := s.store.UpdateOpportunity(ctx, &o, was, currentUser(c).ID); err != nil {
		if errors.Is(err, models.ErrConflict) {
			return &apiError{http.StatusConflict, "opportunity_closed", "the opportunity was closed meanwhile; reload it"}
		}
		return err
	}
	return s.answerOpportunity(c, http.StatusOK, o.ID)
}

// closedChanges refuses, on a won or lost opportunity, anything but its
// note; the values it already has may be sent again, so a retry succeeds.
func closedChanges(in *opportunityPatchInput, o *models.Opportunity) error {
	if in.Status != nil && *in.Status != o.Status {
		msg := fmt.Sprintf("a %s opportunity is final; it cannot become %q", o.Status, *in.Status)
		return &detailedError{apiError: apiError{http.StatusConflict, "invalid_transition", msg}, Fields: []fieldError{{"status", "invalid", msg}}}
	}
	var changed []string
	if in.Reason != nil && cleanReason(*in.Reason) != o.Reason {
		changed = append(changed, "reason")
	}
	if in.MonthlyDelta != nil && *in.MonthlyDelta != o.MonthlyDelta {
		changed = append(changed, "monthlyDelta")
	}
	if in.Currency != nil && normalizeCurrency(*in.Currency) != o.Currency {
		changed = append(changed, "currency")
	}
	if in.OwnerID.Set && !sameID(in.OwnerID.ID, o.OwnerID) {
		changed = append(changed, "ownerId")
	}
	if in.ClosedAt != nil && (o.ClosedAt == nil || !in.ClosedAt.Equal(*o.ClosedAt)) {
		changed = append(changed, "closedAt")
	}
	if len(changed) == 0 {
		return nil
	}
	msg := fmt.Sprintf("a %s opportunity is final; only its note can change", o.Status)
	de := &detailedError{apiError: apiError{http.StatusConflict, "opportunity_closed", msg}}
	for _, f := range changed {
		de.Fields = append(de.Fields, fieldError{f, "invalid", msg})
	}
	return de
}

func sameID(a, b *int64) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

// applyOpportunityPatch validates a patch of a proposed opportunity and copies it onto o.
func (s *Server) applyOpportunityPatch(c echo.Context, in *opportunityPatchInput, o *models.Opportunity) error {
	var errs fieldErrors
	status := o.Status
	if in.Status != nil {
		if isOpportunityStatus(*in.Status) {
			status = *in.Status
		} else {
			errs.add("status", "invalid", "status must be proposed, won or lost")
		}
	}
	reason := ""
	if in.Reason != nil {
		reason = cleanReason(*in.Reason)
	}
	switch status {
	case models.OpportunityProposed:
		if reason != "" {
			errs.add("reason", "invalid", "a proposed opportunity has no reason yet; send it with status won or lost")
		}
	case models.OpportunityWon:
		switch {
		case reason == "":
			errs.add("reason", "required", "a win needs a reason: delight, empathy, expectation, pity, pleading or coercion")
		case models.WinReasonKind(reason) == "":
			errs.add("reason", "invalid", "a win's reason is delight, empathy, expectation, pity, pleading or coercion")
		}
	case models.OpportunityLost:
		if r, err := cleanText("reason", reason, 1, maxLostReason); err != nil {
			errs = append(errs, fieldsOf(err)...)
		} else {
			reason = r
		}
	}
	now := s.now().UTC()
	closedAt := now
	if in.ClosedAt != nil {
		switch {
		case status == models.OpportunityProposed:
			errs.add("closedAt", "invalid", "closedAt is set when the opportunity is won or lost")
		case in.ClosedAt.Before(o.ProposedAt) || in.ClosedAt.After(now.Add(contactFuture)):
			errs.add("closedAt", "out_of_range", "closedAt must be after proposedAt and no more than a day ahead")
		default:
			closedAt = *in.ClosedAt
		}
	}
	if in.MonthlyDelta != nil {
		if *in.MonthlyDelta < 0 || *in.MonthlyDelta > maxMRR {
			errs.add("monthlyDelta", "out_of_range", "monthlyDelta must be a non-negative amount in the offering currency's minor unit")
		} else {
			o.MonthlyDelta = *in.MonthlyDelta
		}
	}
	if in.Currency != nil && normalizeCurrency(*in.Currency) != o.Currency {
		errs.add("currency", "mismatch", "currency must be the offering's ("+o.Currency+")")
	}
	if in.OwnerID.Set && in.OwnerID.ID != nil && *in.OwnerID.ID <= 0 {
		errs.add("ownerId", "not_found", "ownerId must be a member of the organization")
	}
	if err := errs.err(); err != nil {
		return err
	}
	if in.OwnerID.Set {
		if err := s.checkMember(c, "ownerId", in.OwnerID.ID); err != nil {
			return err
		}
		o.OwnerID = in.OwnerID.ID
	}
	o.Status, o.Reason = status, reason
	if status != models.OpportunityProposed {
		o.ClosedAt = &closedAt
	}
	return nil
}

// exportOpportunities downloads the filtered opportunities as CSV.
func (s *Server) exportOpportunities(c echo.Context) error {
	f, err := opportunityFilter(c)
	if err != nil {
		return err
	}
	f.Limit = maxOpportunitiesExported
	list, err := s.store.Opportunities(c.Request().Context(), f)
	if err != nil {
		return err
	}
	header := []string{"id", "account", "offering", "status", "monthlyDelta", "currency", "amount", "reason", "reasonKind",
		"note", "owner", "map", "challenge", "override", "overrideReason", "proposedAt", "closedAt"}
	rows := make([][]string, 0, len(list))
	stamp := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	for i := range list {
		e := &list[i]
		mapID := ""
		if e.MapID != nil {
			mapID = fmt.Sprint(*e.MapID)
		}
		rows = append(rows, []string{fmt.Sprint(e.ID), e.AccountName, e.OfferingName, e.Status, fmt.Sprint(e.MonthlyDelta),
			e.Currency, export.FormatMoney(e.MonthlyDelta, e.Currency), e.Reason, e.ReasonKind(), e.Note, e.OwnerName,
			mapID, e.ChallengeText, fmt.Sprint(e.Override), e.OverrideReason, stamp(&e.ProposedAt), stamp(e.ClosedAt)})
	}
	body, err := export.SafeCSV(header, rows)
	if err != nil {
		return err
	}
	return sendExport(c, "opportunities", "csv", body)
}

// clearChurnRisk unflags an account, with a CSM's note on why.
func (s *Server) clearChurnRisk(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in struct {
		Note string `json:"note"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	// Another organization's account is not found, whatever the body says.
	if _, err := s.store.AccountByID(ctx, orgID(c), id); err != nil {
		return err
	}
	note, err := cleanText("note", in.Note, 1, 1000)
	if err != nil {
		return err
	}
	a, err := s.store.ClearChurnRisk(ctx, orgID(c), id, currentUser(c).ID, note, s.now())
	switch {
	case errors.Is(err, models.ErrNoChurnRisk):
		return &apiError{http.StatusConflict, "no_churn_risk", "the account is not flagged as a churn risk"}
	case errors.Is(err, models.ErrConflict):
		return &apiError{http.StatusConflict, "conflict", "a new churn risk was flagged meanwhile; reload the account"}
	case err != nil:
		return err
	}
	return c.JSON(http.StatusOK, newAccountView(a))
}
