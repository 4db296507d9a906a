package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/successmap"
)

// Bounds of one map: generous for a real plan, small enough to render on a phone.
const (
	maxMapStatements = 50
	maxMapChallenges = 100
	maxMapActions    = 100
	maxLinksPerItem  = 20
)

var (
	johariQuadrants = map[string]bool{models.JohariOpen: true, models.JohariHidden: true, models.JohariBlind: true, models.JohariUnknown: true}
	actionStatuses  = map[string]bool{models.ActionTodo: true, models.ActionDoing: true, models.ActionDone: true}
)

// mapSummary is a map in a list.
type mapSummary struct {
	ID              int64               `json:"id"`
	AccountID       int64               `json:"accountId"`
	AccountName     string              `json:"accountName"`
	Title           string              `json:"title"`
	TemplateID      *int64              `json:"templateId"`
	TemplateVersion *int                `json:"templateVersion"`
	Progress        successmap.Progress `json:"progress"`
	SucceedFirst    bool                `json:"succeedFirst"` // the account is not satisfied: succeed first
	CreatedAt       time.Time           `json:"createdAt"`
	UpdatedAt       time.Time           `json:"updatedAt"`
}

func (s *Server) listMaps(c echo.Context) error {
	var accountID int64
	if q := c.QueryParam("accountId"); q != "" {
		id, err := strconv.ParseInt(q, 10, 64)
		if err != nil || id <= 0 {
			return badRequest("accountId must be a positive integer")
		}
		accountID = id
	}
	ctx := c.Request().Context()
	list, err := s.store.Maps(ctx, orgID(c), accountID)
	if err != nil {
		return err
	}
	accounts, err := s.store.Accounts(ctx, orgID(c))
	if err != nil {
		return err
	}
	byID := map[int64]*models.Account{}
	for i := range accounts {
		byID[accounts[i].ID] = &accounts[i]
	}
	out := make([]mapSummary, len(list))
	for i, m := range list {
		var name string
		succeedFirst := true
		if a := byID[m.AccountID]; a != nil {
			name, succeedFirst = a.Name, a.SucceedFirst()
		}
		out[i] = mapSummary{ID: m.ID, AccountID: m.AccountID, AccountName: name, Title: m.Title,
			TemplateID: m.TemplateID, TemplateVersion: m.TemplateVersion, Progress: successmap.ProgressOf(m.Actions),
			SucceedFirst: succeedFirst, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
	}
	return c.JSON(http.StatusOK, map[string]any{"maps": out})
}

// mapView loads a map with its account name and linked offerings.
func (s *Server) mapView(c echo.Context, org, id int64) (*successmap.MapView, error) {
	v, _, err := s.loadMapView(c, org, id)
	return v, err
}

// teamMapView is the team's view of a map: with whether its account must
// succeed first, in which case the app shows the offerings as "succeed
// first", not as proposals.
type teamMapView struct {
	*successmap.MapView
	AccountCondition string `json:"accountCondition"`
	SucceedFirst     bool   `json:"succeedFirst"`
}

// teamMap loads the team's view of a map.
func (s *Server) teamMap(c echo.Context, org, id int64) (*teamMapView, error) {
	v, a, err := s.loadMapView(c, org, id)
	if err != nil {
		return nil, err
	}
	return &teamMapView{MapView: v, AccountCondition: a.Condition, SucceedFirst: a.SucceedFirst()}, nil
}

func (s *Server) loadMapView(c echo.Context, org, id int64) (*successmap.MapView, *models.Account, error) {
	ctx := c.Request().Context()
	m, err := s.store.MapByID(ctx, org, id)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.store.AccountByID(ctx, org, m.AccountID)
	if err != nil {
		return nil, nil, err
	}
	offerings, err := s.store.OfferingsByIDs(ctx, org, successmap.LinkedOfferingIDs(m))
	if err != nil {
		return nil, nil, err
	}
	v := successmap.NewMapView(m, a.Name, offerings)
	if err := s.attachStories(c, org, v.Offerings); err != nil {
		return nil, nil, err
	}
	return &v, a, nil
}

func (s *Server) getMap(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	view := c.QueryParam("view")
	if view != "" && view != "team" && view != "customer" {
		return badRequest("view must be team or customer")
	}
	v, err := s.teamMap(c, orgID(c), id)
	if err != nil {
		return err
	}
	if view == "customer" {
		return c.JSON(http.StatusOK, v.ForCustomer()) // what the customer's print view shows
	}
	return c.JSON(http.StatusOK, v)
}

type mapCreateInput struct {
	AccountID int64  `json:"accountId"`
	Title     string `json:"title"`
}

func (s *Server) createMap(c echo.Context) error {
	var in mapCreateInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	title, err := cleanText("title", in.Title, 1, 200)
	if err != nil {
		return err
	}
	if _, err := s.accountFor(c, in.AccountID); err != nil {
		return err
	}
	m := &models.SuccessMap{AccountID: in.AccountID, Title: title, CreatedBy: currentUser(c).ID}
	return s.saveNewMap(c, m)
}

// saveNewMap stores a map and answers with its view.
func (s *Server) saveNewMap(c echo.Context, m *models.SuccessMap) error {
	m.OrganizationID = orgID(c)
	if err := s.store.CreateMap(c.Request().Context(), m); err != nil {
		return err
	}
	v, err := s.teamMap(c, orgID(c), m.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, v)
}

// buildMap makes a success map from a workshop in the map or closed phase.
func (s *Server) buildMap(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	w, err := s.store.WorkshopInOrg(ctx, orgID(c), id)
	if err != nil {
		return err
	}
	if w.Phase != "map" && w.Phase != board.PhaseClosed {
		return &apiError{http.StatusConflict, "wrong_phase", "move the workshop to the map phase first"}
	}
	results, err := board.LoadResults(ctx, s.store, id)
	if err != nil {
		return err
	}
	ideas, err := s.store.Ideas(ctx, id)
	if err != nil {
		return err
	}
	m := successmap.Build(w, results, ideas, currentUser(c).ID)
	if err := s.addKarteActions(c, id, m); err != nil {
		return err
	}
	if w.TemplateID != nil {
		// The map comes from the template version the workshop was seeded with.
		t, err := s.store.TemplateByID(ctx, orgID(c), *w.TemplateID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		if err == nil {
			m.TemplateVersion = &t.Version
		} else {
			m.TemplateID = nil
		}
	}
	return s.saveNewMap(c, m)
}

// mapInput replaces a map's content; nil parts stay as they are.
type mapInput struct {
	Title      *string `json:"title"`
	Statements *[]struct {
		Text  string `json:"text"`
		Votes int    `json:"votes"`
	} `json:"statements"`
	Challenges *[]struct {
		Text        string  `json:"text"`
		Johari      string  `json:"johari"`
		OfferingIDs []int64 `json:"offeringIds"`
	} `json:"challenges"`
	Actions *[]struct {
		Text   string `json:"text"`
		Owner  string `json:"owner"`
		Team   string `json:"team"`
		Due    string `json:"due"`
		Status string `json:"status"`
	} `json:"actions"`
}

func (s *Server) updateMap(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in mapInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, err := s.store.MapByID(ctx, orgID(c), id)
	if err != nil {
		return err
	}
	if err := s.applyMapInput(c, &in, m); err != nil {
		return err
	}
	if err := s.store.ReplaceMapContent(ctx, m, currentUser(c).ID); err != nil {
		return err
	}
	v, err := s.teamMap(c, orgID(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// applyMapInput validates every part given and copies it onto m.
func (s *Server) applyMapInput(c echo.Context, in *mapInput, m *models.SuccessMap) error {
	var err error
	if in.Title != nil {
		if m.Title, err = cleanText("title", *in.Title, 1, 200); err != nil {
			return err
		}
	}
	if in.Statements != nil {
		if len(*in.Statements) > maxMapStatements {
			return badRequest(fmt.Sprintf("a map has at most %d ideal statements", maxMapStatements))
		}
		m.Statements = nil
		for i, st := range *in.Statements {
			text, err := cleanText(fmt.Sprintf("statements[%d].text", i), st.Text, 1, board.MaxIdeaRunes)
			if err != nil {
				return err
			}
			if st.Votes < 0 {
				return badRequest(fmt.Sprintf("statements[%d].votes must not be negative", i))
			}
			m.Statements = append(m.Statements, models.MapStatement{Text: text, Votes: st.Votes})
		}
	}
	if in.Challenges != nil {
		if len(*in.Challenges) > maxMapChallenges {
			return badRequest(fmt.Sprintf("a map has at most %d challenges", maxMapChallenges))
		}
		var wanted []int64
		for i, ch := range *in.Challenges {
			// Bounded before the lookup: the ids become one IN list.
			if len(ch.OfferingIDs) > maxLinksPerItem {
				return badRequest(fmt.Sprintf("challenges[%d] links too many offerings", i))
			}
			wanted = append(wanted, ch.OfferingIDs...)
		}
		known, err := s.store.OfferingsByIDs(c.Request().Context(), orgID(c), wanted)
		if err != nil {
			return err
		}
		m.Challenges = nil
		for i, ch := range *in.Challenges {
			text, err := cleanText(fmt.Sprintf("challenges[%d].text", i), ch.Text, 1, board.MaxIdeaRunes)
			if err != nil {
				return err
			}
			if ch.Johari == "" {
				ch.Johari = models.JohariOpen
			}
			if !johariQuadrants[ch.Johari] {
				return badRequest(fmt.Sprintf("challenges[%d].johari must be open, hidden, blind or unknown", i))
			}
			ids, seen := []int64{}, map[int64]bool{}
			for _, oid := range ch.OfferingIDs {
				if known[oid] == nil {
					return badRequest(fmt.Sprintf("challenges[%d].offeringIds: unknown offering %d", i, oid))
				}
				if !seen[oid] {
					seen[oid] = true
					ids = append(ids, oid)
				}
			}
			m.Challenges = append(m.Challenges, models.MapChallenge{Text: text, Johari: ch.Johari, OfferingIDs: ids})
		}
	}
	if in.Actions != nil {
		if len(*in.Actions) > maxMapActions {
			return badRequest(fmt.Sprintf("a map has at most %d actions", maxMapActions))
		}
		m.Actions = nil
		for i, a := range *in.Actions {
			field := fmt.Sprintf("actions[%d]", i)
			text, err := cleanText(field+".text", a.Text, 1, board.MaxIdeaRunes)
			if err != nil {
				return err
			}
			owner, err := cleanText(field+".owner", a.Owner, 0, 100)
			if err != nil {
				return err
			}
			team, err := cleanText(field+".team", a.Team, 0, 100)
			if err != nil {
				return err
			}
			if a.Due != "" {
				if _, err := time.Parse(time.DateOnly, a.Due); err != nil {
					return badRequest(field + ".due must be a date like 2027-03-31")
				}
			}
			if a.Status == "" {
				a.Status = models.ActionTodo
			}
			if !actionStatuses[a.Status] {
				return badRequest(field + ".status must be todo, doing or done")
			}
			m.Actions = append(m.Actions, models.MapAction{Text: text, Owner: owner, Team: team, Due: a.Due, Status: a.Status})
		}
	}
	return nil
}
