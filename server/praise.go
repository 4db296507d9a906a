package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
)

// Praise feed pages and kudos length.
const (
	defaultPraisePage = 20
	maxPraisePage     = 100
	maxKudos          = 500
)

type praiseView struct {
	ID            int64     `json:"id"`
	Kind          string    `json:"kind"`
	Text          string    `json:"text"`
	FromUserID    *int64    `json:"fromUserId"`
	FromName      string    `json:"fromName"`
	ToUserID      *int64    `json:"toUserId"`
	ToName        string    `json:"toName"`
	AccountID     *int64    `json:"accountId"`
	AccountName   string    `json:"accountName"`
	OpportunityID *int64    `json:"opportunityId"`
	OfferingName  string    `json:"offeringName"`
	Reason        string    `json:"reason"`
	MapID         *int64    `json:"mapId"`
	MapTitle      string    `json:"mapTitle"`
	CreatedAt     time.Time `json:"createdAt"`
}

func newPraiseView(e *models.PraiseEntry) praiseView {
	return praiseView{ID: e.ID, Kind: e.Kind, Text: e.Text, FromUserID: e.FromUserID, FromName: e.FromName,
		ToUserID: e.ToUserID, ToName: e.ToName, AccountID: e.AccountID, AccountName: e.AccountName,
		OpportunityID: e.OpportunityID, OfferingName: e.OfferingName, Reason: e.Reason, MapID: e.MapID,
		MapTitle: e.MapTitle, CreatedAt: e.CreatedAt}
}

func (s *Server) listPraise(c echo.Context) error {
	var errs fieldErrors
	var before int64
	if q := c.QueryParam("before"); q != "" {
		id, err := strconv.ParseInt(q, 10, 64)
		if err != nil || id <= 0 {
			errs.add("before", "invalid", "before must be a praise id")
		}
		before = id
	}
	limit := defaultPraisePage
	if q := c.QueryParam("limit"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > maxPraisePage {
			errs.add("limit", "out_of_range", "limit must be 1-100")
		}
		limit = n
	}
	if err := errs.err(); err != nil {
		return err
	}
	// One more than asked tells whether there is an older page.
	list, err := s.store.PraiseFeed(c.Request().Context(), orgID(c), before, limit+1)
	if err != nil {
		return err
	}
	var next *int64
	if len(list) > limit {
		list = list[:limit]
		next = &list[limit-1].ID
	}
	out := make([]praiseView, len(list))
	for i := range list {
		out[i] = newPraiseView(&list[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"praise": out, "nextBefore": next})
}

func (s *Server) postKudos(c echo.Context) error {
	var in struct {
		ToUserID int64  `json:"toUserId"`
		Text     string `json:"text"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var errs fieldErrors
	me := currentUser(c)
	switch {
	case in.ToUserID <= 0:
		errs.add("toUserId", "required", "toUserId is required")
	case in.ToUserID == me.ID:
		errs.add("toUserId", "invalid", "kudos go to someone else")
	}
	text, err := cleanText("text", in.Text, 1, maxKudos)
	if err != nil {
		errs = append(errs, fieldsOf(err)...)
	}
	if err := errs.err(); err != nil {
		return err
	}
	if err := s.checkMember(c, "toUserId", &in.ToUserID); err != nil {
		return err
	}
	p := &models.Praise{OrganizationID: orgID(c), Kind: models.PraiseKudos, Text: text, FromUserID: &me.ID, ToUserID: &in.ToUserID}
	ctx := c.Request().Context()
	if err := s.store.AddPraise(ctx, p); err != nil {
		return err
	}
	e, err := s.store.PraiseByID(ctx, orgID(c), p.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, newPraiseView(e))
}
