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

const (
	maxTags   = 20
	maxTagLen = 40
)

type templateInput struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Industry    string   `json:"industry"`
	Size        string   `json:"size"`
	Tags        []string `json:"tags"`
}

// templateView is a template version; in the library it also says how maps cloned from it fare.
type templateView struct {
	ID              int64              `json:"id"`
	LineageID       int64              `json:"lineageId"`
	Version         int                `json:"version"`
	Name            string             `json:"name"`
	Description     string             `json:"description"`
	Industry        string             `json:"industry"`
	Size            string             `json:"size"`
	Tags            []string           `json:"tags"`
	UsageCount      int                `json:"usageCount"`
	Maps            int                `json:"maps"`
	AverageProgress float64            `json:"averageProgress"`
	ActionsDone     int                `json:"actionsDone"`
	ActionsTotal    int                `json:"actionsTotal"`
	Opportunities   int                `json:"opportunities"` // proposed on its maps, whatever came of them
	Won             int                `json:"won"`
	WonPositive     int                `json:"wonPositive"`
	ExpansionMRR    []money            `json:"expansionMrr"` // the wins' monthlyDelta per currency
	Karte           []models.KarteItem `json:"karte"`        // the checklist customers answer before a workshop
	Versions        []templateVersion  `json:"versions,omitempty"`
	Body            *successmap.Body   `json:"body,omitempty"`
	CreatedAt       time.Time          `json:"createdAt"`
}

type templateVersion struct {
	ID        int64     `json:"id"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"createdAt"`
}

func newTemplateView(t *models.Template) templateView {
	tags := []string{}
	if t.Tags != "" {
		tags = strings.Split(t.Tags, ",")
	}
	return templateView{ID: t.ID, LineageID: t.LineageID, Version: t.Version, Name: t.Name, Description: t.Description,
		Industry: t.Industry, Size: t.SizeBand, Tags: tags, UsageCount: t.UsageCount, ExpansionMRR: []money{}, Karte: models.DecodeKarte(t.Karte), CreatedAt: t.CreatedAt}
}

// takeStats copies how a template fares (over all its versions) from a summary.
func (v *templateView) takeStats(from *templateView) {
	v.UsageCount, v.Maps, v.AverageProgress = from.UsageCount, from.Maps, from.AverageProgress
	v.ActionsDone, v.ActionsTotal, v.Opportunities = from.ActionsDone, from.ActionsTotal, from.Opportunities
	v.Won, v.WonPositive, v.ExpansionMRR = from.Won, from.WonPositive, from.ExpansionMRR
}

func cleanTags(in []string) (string, error) {
	if len(in) > maxTags {
		return "", badRequest("at most 20 tags")
	}
	var out []string
	seen := map[string]bool{}
	for _, tag := range in {
		tag, err := cleanText("tag", strings.ToLower(tag), 1, maxTagLen)
		if err != nil {
			return "", err
		}
		if strings.Contains(tag, ",") {
			return "", badRequest("tags must not contain commas")
		}
		if !seen[tag] {
			seen[tag] = true
			out = append(out, tag)
		}
	}
	return strings.Join(out, ","), nil
}

// saveTemplate strips a map into a template. A map cloned from a template
// becomes the next version of that template.
func (s *Server) saveTemplate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in templateInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	t := &models.Template{OrganizationID: orgID(c), CreatedBy: currentUser(c).ID}
	if t.Name, err = cleanText("name", in.Name, 1, 200); err != nil {
		return err
	}
	if t.Description, err = cleanText("description", in.Description, 0, 2000); err != nil {
		return err
	}
	if t.Industry, err = cleanText("industry", in.Industry, 0, 100); err != nil {
		return err
	}
	if !sizeBands[in.Size] {
		return badRequest("size must be one of 1-50, 51-200, 201-1000, 1001-5000, 5000+")
	}
	t.SizeBand = in.Size
	if t.Tags, err = cleanTags(in.Tags); err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, err := s.store.MapByID(ctx, orgID(c), id)
	if err != nil {
		return err
	}
	source, err := s.store.AccountByID(ctx, orgID(c), m.AccountID)
	if err != nil {
		return err
	}
	t.Body = successmap.Strip(m, source.Name).Encode()
	var lineage int64
	if m.TemplateID != nil {
		from, err := s.store.TemplateByID(ctx, orgID(c), *m.TemplateID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		if err == nil {
			lineage = from.LineageID
		}
	}
	if err := s.store.CreateTemplate(ctx, t, lineage); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, newTemplateView(t))
}

// listTemplates shows the newest version of each template matching the
// filters, most used first, with how many maps came from it and how far they got.
func (s *Server) listTemplates(c echo.Context) error {
	size := c.QueryParam("size")
	if !sizeBands[size] {
		return badRequest("size must be one of 1-50, 51-200, 201-1000, 1001-5000, 5000+")
	}
	ctx := c.Request().Context()
	versions, err := s.store.Templates(ctx, models.TemplateFilter{OrganizationID: orgID(c),
		Query: strings.TrimSpace(c.QueryParam("q")), Industry: strings.TrimSpace(c.QueryParam("industry")),
		SizeBand: size, Tag: strings.TrimSpace(c.QueryParam("tag")),
	})
	if err != nil {
		return err
	}
	out, err := s.templateSummaries(c, versions)
	if err != nil {
		return err
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].UsageCount != out[b].UsageCount {
			return out[a].UsageCount > out[b].UsageCount
		}
		return out[a].Name < out[b].Name
	})
	return c.JSON(http.StatusOK, map[string]any{"templates": out})
}

// templateSummaries folds template versions into one entry per template: its
// newest version, with the clones of all versions, the maps made from them
// (their progress) and the opportunities proposed on those maps, in two queries.
func (s *Server) templateSummaries(c echo.Context, versions []models.Template) ([]templateView, error) {
	latest := map[int64]*templateView{}
	lineageOf := map[int64]int64{}
	var ids []int64
	for i := range versions {
		t := &versions[i]
		lineageOf[t.ID] = t.LineageID
		ids = append(ids, t.ID)
		cur, ok := latest[t.LineageID]
		switch {
		case !ok:
			v := newTemplateView(t)
			latest[t.LineageID] = &v
		case t.Version > cur.Version:
			v := newTemplateView(t)
			v.UsageCount += cur.UsageCount
			latest[t.LineageID] = &v
		default:
			cur.UsageCount += t.UsageCount
		}
	}
	maps, err := s.store.MapsFromTemplates(c.Request().Context(), orgID(c), ids)
	if err != nil {
		return nil, err
	}
	progress := map[int64]float64{}
	for _, m := range maps {
		lineage := lineageOf[*m.TemplateID]
		p := successmap.ProgressOf(m.Actions)
		v := latest[lineage]
		v.Maps++
		v.ActionsDone += p.Done
		v.ActionsTotal += p.Total
		progress[lineage] += p.Share
	}
	opps, err := s.store.TemplateOpportunities(c.Request().Context(), orgID(c), ids)
	if err != nil {
		return nil, err
	}
	mrr := map[int64]map[string]int64{}
	for _, o := range opps {
		lineage := lineageOf[o.TemplateID]
		v := latest[lineage]
		v.Opportunities++
		if o.Status != models.OpportunityWon {
			continue
		}
		v.Won++
		if models.WinReasonKind(o.Reason) == models.ReasonPositive {
			v.WonPositive++
		}
		if mrr[lineage] == nil {
			mrr[lineage] = map[string]int64{}
		}
		mrr[lineage][o.Currency] += o.MonthlyDelta
	}
	out := make([]templateView, 0, len(latest))
	for lineage, v := range latest {
		if v.Maps > 0 {
			v.AverageProgress = progress[lineage] / float64(v.Maps)
		}
		v.ExpansionMRR = sortedMoney(mrr[lineage])
		out = append(out, *v)
	}
	return out, nil
}

// templateBody loads a template version and its decoded body.
func (s *Server) templateBody(c echo.Context, id int64) (*models.Template, successmap.Body, error) {
	t, err := s.store.TemplateByID(c.Request().Context(), orgID(c), id)
	if err != nil {
		return nil, successmap.Body{}, err
	}
	b, err := successmap.DecodeBody(t.Body)
	if err != nil {
		return nil, successmap.Body{}, err
	}
	return t, b, nil
}

func (s *Server) getTemplate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	t, body, err := s.templateBody(c, id)
	if err != nil {
		return err
	}
	versions, err := s.store.TemplateVersions(c.Request().Context(), orgID(c), t.LineageID)
	if err != nil {
		return err
	}
	summary, err := s.templateSummaries(c, versions)
	if err != nil {
		return err
	}
	v := newTemplateView(t)
	if len(summary) == 1 { // the template as a whole: all its versions' clones, maps and opportunities
		v.takeStats(&summary[0])
	}
	v.Body = &body
	for _, tv := range versions {
		v.Versions = append(v.Versions, templateVersion{ID: tv.ID, Version: tv.Version, CreatedAt: tv.CreatedAt})
	}
	return c.JSON(http.StatusOK, v)
}

type cloneInput struct {
	AccountID int64                `json:"accountId"`
	As        string               `json:"as"`
	Title     string               `json:"title"`
	Settings  *board.SettingsInput `json:"settings"` // as: "workshop" only
}

// cloneTemplate makes a new map, or a workshop seeded with the template's
// ideal statements and challenges, for another account.
func (s *Server) cloneTemplate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in cloneInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.As != "map" && in.As != "workshop" {
		return badRequest(`as must be "map" or "workshop"`)
	}
	title, err := cleanText("title", in.Title, 0, 200)
	if err != nil {
		return err
	}
	t, body, err := s.templateBody(c, id)
	if err != nil {
		return err
	}
	if in.As == "workshop" {
		if title == "" {
			title = t.Name
		}
		view, err := s.openWorkshop(c, workshopInput{Title: title, AccountID: in.AccountID, TemplateID: &t.ID, Settings: in.Settings})
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, view)
	}
	acct, err := s.accountFor(c, in.AccountID)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	known, err := s.store.OfferingsByIDs(ctx, orgID(c), body.OfferingIDs())
	if err != nil {
		return err
	}
	m := successmap.Clone(t, body, in.AccountID, acct.Name, currentUser(c).ID, title, func(id int64) bool { return known[id] != nil })
	if err := s.store.CountTemplateUse(ctx, t.ID); err != nil {
		return err
	}
	return s.saveNewMap(c, m)
}
