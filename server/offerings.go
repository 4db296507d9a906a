package server

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/currency"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/successmap"
)

// maxMonthlyPrice keeps prices far from integer overflow when summed.
const maxMonthlyPrice = 1_000_000_000_000

var offeringKinds = map[string]bool{
	models.OfferingPlan: true, models.OfferingAddon: true, models.OfferingSeats: true, models.OfferingService: true,
}

// offeringInput is both the create and the patch body: nil fields stay as they are.
type offeringInput struct {
	Name         *string `json:"name"`
	Kind         *string `json:"kind"`
	MonthlyPrice *int64  `json:"monthlyPrice"`
	Currency     *string `json:"currency"`
	Tier         *string `json:"tier"`
	Description  *string `json:"description"`
	Archived     *bool   `json:"archived"`
	// BandPrices are prices by size band: nil leaves them, {} clears them.
	BandPrices *map[string]int64 `json:"bandPrices"`
}

func (in *offeringInput) applyTo(o *models.Offering) error {
	var err error
	if in.Name != nil {
		if o.Name, err = cleanText("name", *in.Name, 1, 200); err != nil {
			return err
		}
	}
	if in.Kind != nil {
		if !offeringKinds[*in.Kind] {
			return badRequest("kind must be plan, addon, seats or service")
		}
		o.Kind = *in.Kind
	}
	if in.MonthlyPrice != nil {
		if *in.MonthlyPrice < 0 || *in.MonthlyPrice > maxMonthlyPrice {
			return badRequest("monthlyPrice must be a non-negative amount in the currency's minor unit")
		}
		o.MonthlyPrice = *in.MonthlyPrice
	}
	if in.Currency != nil {
		code := strings.ToUpper(strings.TrimSpace(*in.Currency))
		if len(code) != 3 {
			return badRequest("currency must be an ISO 4217 code such as JPY or USD")
		}
		if _, err := currency.ParseISO(code); err != nil {
			return badRequest("currency must be an ISO 4217 code such as JPY or USD")
		}
		o.Currency = code
	}
	if in.Tier != nil {
		if o.Tier, err = cleanText("tier", *in.Tier, 0, 100); err != nil {
			return err
		}
	}
	if in.Description != nil {
		if o.Description, err = cleanText("description", *in.Description, 0, 2000); err != nil {
			return err
		}
	}
	if in.Archived != nil {
		o.Archived = *in.Archived
	}
	if in.BandPrices != nil {
		if err := checkBandPrices(*in.BandPrices); err != nil {
			return err
		}
		o.SetPrices(*in.BandPrices)
	}
	return nil
}

// checkBandPrices refuses prices for unknown size bands and amounts out of
// range, naming each at fault as bandPrices.<band>.
func checkBandPrices(prices map[string]int64) error {
	bands := make([]string, 0, len(prices))
	for band := range prices {
		bands = append(bands, band)
	}
	sort.Strings(bands)
	var errs fieldErrors
	for _, band := range bands {
		switch p := prices[band]; {
		case band == "" || !sizeBands[band]:
			errs.add("bandPrices."+band, "invalid", "bandPrices keys must be size bands: 1-50, 51-200, 201-1000, 1001-5000 or 5000+")
		case p < 0 || p > maxMonthlyPrice:
			errs.add("bandPrices."+band, "out_of_range", "a band price must be a non-negative amount in the currency's minor unit")
		}
	}
	return errs.err()
}

func (s *Server) listOfferings(c echo.Context) error {
	withArchived, _ := strconv.ParseBool(c.QueryParam("archived"))
	list, err := s.store.Offerings(c.Request().Context(), orgID(c), withArchived)
	if err != nil {
		return err
	}
	out := make([]successmap.OfferingView, len(list))
	for i := range list {
		out[i] = successmap.NewOfferingView(&list[i])
	}
	if err := s.attachStories(c, orgID(c), out); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"offerings": out})
}

func (s *Server) createOffering(c echo.Context) error {
	var in offeringInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	switch {
	case in.Name == nil:
		return badRequest("name is required")
	case in.Kind == nil:
		return badRequest("kind is required")
	case in.MonthlyPrice == nil:
		return badRequest("monthlyPrice is required")
	case in.Currency == nil:
		return badRequest("currency is required")
	}
	o := &models.Offering{OrganizationID: orgID(c)}
	if err := in.applyTo(o); err != nil {
		return err
	}
	if err := s.store.CreateOffering(c.Request().Context(), o); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, successmap.NewOfferingView(o))
}

func (s *Server) getOffering(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	o, err := s.store.OfferingByID(c.Request().Context(), orgID(c), id)
	if err != nil {
		return err
	}
	return s.offeringAnswer(c, http.StatusOK, o)
}

// offeringAnswer sends an offering with the stories that serve as its case studies.
func (s *Server) offeringAnswer(c echo.Context, status int, o *models.Offering) error {
	out := []successmap.OfferingView{successmap.NewOfferingView(o)}
	if err := s.attachStories(c, orgID(c), out); err != nil {
		return err
	}
	return c.JSON(status, out[0])
}

// attachStories adds the organization's stories to the offerings they adopted.
func (s *Server) attachStories(c echo.Context, org int64, views []successmap.OfferingView) error {
	ids := make([]int64, len(views))
	for i := range views {
		ids[i] = views[i].ID
	}
	byOffering, err := s.store.StoriesOfOfferings(c.Request().Context(), org, ids)
	if err != nil {
		return err
	}
	successmap.AttachStories(views, byOffering)
	return nil
}

func (s *Server) updateOffering(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in offeringInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.store.OfferingByID(ctx, orgID(c), id)
	if err != nil {
		return err
	}
	if err := in.applyTo(o); err != nil {
		return err
	}
	if err := s.store.UpdateOffering(ctx, o); err != nil {
		return err
	}
	return s.offeringAnswer(c, http.StatusOK, o)
}

func (s *Server) deleteOffering(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	inTemplates, err := s.templatesLinking(c, id)
	if err != nil {
		return err
	}
	if inTemplates > 0 {
		return conflict("templates use this offering, so it cannot be deleted; archive it instead")
	}
	if err := s.store.DeleteOffering(ctx, orgID(c), id); err != nil {
		if errors.Is(err, models.ErrConflict) {
			return conflict("success maps link this offering, so it cannot be deleted; archive it instead")
		}
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// templatesLinking counts template versions whose body links an offering.
func (s *Server) templatesLinking(c echo.Context, offeringID int64) (int, error) {
	bodies, err := s.store.TemplateBodies(c.Request().Context(), orgID(c))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, t := range bodies {
		b, err := successmap.DecodeBody(t.Body)
		if err != nil {
			return 0, err
		}
		for _, id := range b.OfferingIDs() {
			if id == offeringID {
				n++
				break
			}
		}
	}
	return n, nil
}

type caseStudyInput struct {
	Customer string `json:"customer"`
	Summary  string `json:"summary"`
	Outcome  string `json:"outcome"`
}

func (s *Server) addCaseStudy(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in caseStudyInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cs := &models.CaseStudy{OfferingID: id}
	if cs.Customer, err = cleanText("customer", in.Customer, 1, 200); err != nil {
		return err
	}
	if cs.Summary, err = cleanText("summary", in.Summary, 1, 2000); err != nil {
		return err
	}
	if cs.Outcome, err = cleanText("outcome", in.Outcome, 1, 2000); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.store.OfferingByID(ctx, orgID(c), id); err != nil {
		return err
	}
	if err := s.store.AddCaseStudy(ctx, cs); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, successmap.CaseStudyView{ID: cs.ID, Customer: cs.Customer, Summary: cs.Summary, Outcome: cs.Outcome})
}

func (s *Server) deleteCaseStudy(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	csID, err := strconv.ParseInt(c.Param("caseStudyId"), 10, 64)
	if err != nil {
		return notFound("no such case study")
	}
	ctx := c.Request().Context()
	if _, err := s.store.OfferingByID(ctx, orgID(c), id); err != nil {
		return err
	}
	if err := s.store.DeleteCaseStudy(ctx, id, csID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
