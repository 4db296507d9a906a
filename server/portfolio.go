package server

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
)

// accountCard is an account as a cell of the matrix shows it.
type accountCard struct {
	ID                 int64      `json:"id"`
	Name               string     `json:"name"`
	Stage              string     `json:"stage"`
	Condition          string     `json:"condition"`
	ConditionCheckedAt *time.Time `json:"conditionCheckedAt"`
	MRR                int64      `json:"mrr"`
	Currency           string     `json:"currency"`
	OwnerID            *int64     `json:"ownerId"`
	Industry           string     `json:"industry"`
	SizeBand           string     `json:"sizeBand"`
	Seats              int        `json:"seats"`
	ExternalID         string     `json:"externalId"`
	UsageX             int        `json:"usageX"`
	UsageY             int        `json:"usageY"`
	SucceedFirst       bool       `json:"succeedFirst"`
}

// money is an amount in a currency's minor unit.
type money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

type playView struct {
	Action       string    `json:"action"`
	TemplateID   *int64    `json:"templateId"`
	TemplateName string    `json:"templateName"`
	UpdatedAt    time.Time `json:"updatedAt"`
}

type cellView struct {
	X        int           `json:"x"`
	Y        int           `json:"y"`
	Count    int           `json:"count"`
	MRR      []money       `json:"mrr"`
	Accounts []accountCard `json:"accounts"`
	Play     *playView     `json:"play"`
}

type csmContacts struct {
	UserID int64  `json:"userId"`
	Name   string `json:"name"`
	Count  int    `json:"count"`
}

type contactsSummary struct {
	Month     string        `json:"month"`
	ThisMonth int           `json:"thisMonth"`
	Goal      int           `json:"goal"`
	ByCSM     []csmContacts `json:"byCsm"`
}

type portfolioView struct {
	Axes     axesView        `json:"axes"`
	Stages   []models.Stage  `json:"stages"`
	Cells    []cellView      `json:"cells"`
	Total    int             `json:"total"`
	Contacts contactsSummary `json:"contacts"`
}

// portfolioFilter reads the query's filters.
func portfolioFilter(c echo.Context) (models.PortfolioFilter, error) {
	f := models.PortfolioFilter{OrganizationID: orgID(c), Stage: c.QueryParam("stage"), Industry: c.QueryParam("industry"),
		SizeBand: c.QueryParam("size"), Condition: c.QueryParam("condition")}
	var errs fieldErrors
	switch q := c.QueryParam("ownerId"); q {
	case "":
	case "none":
		f.OwnerID = new(int64)
	default:
		id, err := strconv.ParseInt(q, 10, 64)
		if err != nil || id <= 0 {
			errs.add("ownerId", "invalid", "ownerId must be a member id or none")
		}
		f.OwnerID = &id
	}
	if f.Condition != "" && !models.IsCondition(f.Condition) {
		errs.add("condition", "invalid", "condition must be satisfied, neutral or unsatisfied")
	}
	return f, errs.err()
}

// getPortfolio answers the whole matrix in a fixed number of queries
// (settings, accounts, plays, members, contact counts), whatever the size of the portfolio.
func (s *Server) getPortfolio(c echo.Context) error {
	f, err := portfolioFilter(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	settings, err := s.store.PortfolioSettings(ctx, f.OrganizationID)
	if err != nil {
		return err
	}
	accounts, err := s.store.PortfolioAccounts(ctx, f)
	if err != nil {
		return err
	}
	plays, err := s.store.Plays(ctx, f.OrganizationID)
	if err != nil {
		return err
	}
	contacts, err := s.contactsSummary(c, settings)
	if err != nil {
		return err
	}
	cells := make([]cellView, models.UsageLevels*models.UsageLevels)
	for i := range cells {
		cells[i] = cellView{X: i % models.UsageLevels, Y: i / models.UsageLevels, MRR: []money{}, Accounts: []accountCard{}}
	}
	for i := range plays {
		p := &plays[i]
		cells[p.Y*models.UsageLevels+p.X].Play = newPlayView(p)
	}
	sums := make([]map[string]int64, len(cells))
	for i := range accounts {
		a := &accounts[i]
		cell := &cells[clampLevel(a.UsageY)*models.UsageLevels+clampLevel(a.UsageX)]
		cell.Accounts = append(cell.Accounts, newAccountCard(a))
		if a.MRR > 0 {
			i := cell.Y*models.UsageLevels + cell.X
			if sums[i] == nil {
				sums[i] = map[string]int64{}
			}
			sums[i][a.Currency] += a.MRR
		}
	}
	for i := range cells {
		cells[i].Count = len(cells[i].Accounts)
		for cur, amount := range sums[i] {
			cells[i].MRR = append(cells[i].MRR, money{Amount: amount, Currency: cur})
		}
		sort.Slice(cells[i].MRR, func(a, b int) bool { return cells[i].MRR[a].Currency < cells[i].MRR[b].Currency })
	}
	return c.JSON(http.StatusOK, portfolioView{Axes: axesOf(settings), Stages: settings.Stages, Cells: cells, Total: len(accounts), Contacts: contacts})
}

// clampLevel keeps a stored level inside the matrix.
func clampLevel(v int) int { return min(max(v, 0), models.UsageLevels-1) }

func newAccountCard(a *models.PortfolioAccount) accountCard {
	v := accountCard{ID: a.ID, Name: a.Name, Stage: a.Stage, Condition: a.Condition, ConditionCheckedAt: a.ConditionCheckedAt,
		MRR: a.MRR, Currency: a.Currency, OwnerID: a.OwnerID, Industry: a.Industry, SizeBand: a.SizeBand, Seats: a.Seats,
		UsageX: a.UsageX, UsageY: a.UsageY, SucceedFirst: a.Condition != models.ConditionSatisfied}
	if a.ExternalID != nil {
		v.ExternalID = *a.ExternalID
	}
	return v
}

func newPlayView(p *models.PortfolioPlay) *playView {
	return &playView{Action: p.Action, TemplateID: p.TemplateID, TemplateName: p.TemplateName, UpdatedAt: p.UpdatedAt}
}

// contactsSummary counts the team's contacts this calendar month (UTC)
// against the goal, for every member and any former one who logged some.
func (s *Server) contactsSummary(c echo.Context, settings *models.OrganizationSettings) (contactsSummary, error) {
	ctx := c.Request().Context()
	now := s.now().UTC()
	from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	counts, err := s.store.ContactCounts(ctx, settings.OrganizationID, from, from.AddDate(0, 1, 0))
	if err != nil {
		return contactsSummary{}, err
	}
	members, err := s.store.Members(ctx, settings.OrganizationID)
	if err != nil {
		return contactsSummary{}, err
	}
	out := contactsSummary{Month: from.Format("2006-01"), Goal: settings.ContactGoal, ByCSM: make([]csmContacts, 0, len(members))}
	byUser := make(map[int64]int, len(counts))
	for _, n := range counts {
		byUser[n.UserID] = n.Count
		out.ThisMonth += n.Count
	}
	for _, m := range members {
		out.ByCSM = append(out.ByCSM, csmContacts{UserID: m.ID, Name: m.Name, Count: byUser[m.ID]})
		delete(byUser, m.ID)
	}
	for _, n := range counts {
		if _, gone := byUser[n.UserID]; gone {
			out.ByCSM = append(out.ByCSM, csmContacts{UserID: n.UserID, Count: n.Count})
		}
	}
	return out, nil
}

// playPosition reads :x and :y, each 0-3.
func playPosition(c echo.Context) (int, int, error) {
	x, errX := strconv.Atoi(c.Param("x"))
	y, errY := strconv.Atoi(c.Param("y"))
	if errX != nil || errY != nil || x != clampLevel(x) || y != clampLevel(y) {
		return 0, 0, notFound("no such cell; x and y are 0-3")
	}
	return x, y, nil
}

func (s *Server) setPlay(c echo.Context) error {
	x, y, err := playPosition(c)
	if err != nil {
		return err
	}
	var in struct {
		Action     string `json:"action"`
		TemplateID *int64 `json:"templateId"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	action, err := cleanText("action", in.Action, 1, 500)
	if err != nil {
		return err
	}
	p := &models.PortfolioPlay{OrganizationID: orgID(c), X: x, Y: y, Action: action, TemplateID: in.TemplateID, UpdatedBy: currentUser(c).ID}
	if err := s.store.SetPlay(c.Request().Context(), p); err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return &detailedError{apiError: apiError{http.StatusNotFound, "not_found", "templateId names no template"},
				Fields: []fieldError{{"templateId", "not_found", "templateId names no template"}}}
		}
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"x": x, "y": y, "play": newPlayView(p)})
}

func (s *Server) deletePlay(c echo.Context) error {
	x, y, err := playPosition(c)
	if err != nil {
		return err
	}
	if err := s.store.DeletePlay(c.Request().Context(), orgID(c), x, y); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
