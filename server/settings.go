package server

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
)

// maxStages bounds the lifecycle: more would not fit a filter bar.
const maxStages = 8

var stageKeyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

type axisView struct {
	Name string `json:"name"`
}

type axesView struct {
	X axisView `json:"x"`
	Y axisView `json:"y"`
}

type settingsView struct {
	Axes        axesView       `json:"axes"`
	Stages      []models.Stage `json:"stages"`
	ContactGoal int            `json:"contactGoal"`
	UpdatedAt   *time.Time     `json:"updatedAt"`
}

func newSettingsView(o *models.OrganizationSettings) settingsView {
	v := settingsView{Axes: axesOf(o), Stages: o.Stages, ContactGoal: o.ContactGoal}
	if !o.UpdatedAt.IsZero() {
		v.UpdatedAt = &o.UpdatedAt
	}
	return v
}

func axesOf(o *models.OrganizationSettings) axesView {
	return axesView{X: axisView{o.AxisXName}, Y: axisView{o.AxisYName}}
}

// settingsInput replaces the parts given; nil parts stay.
type settingsInput struct {
	Axes *struct {
		X *axisView `json:"x"`
		Y *axisView `json:"y"`
	} `json:"axes"`
	Stages *[]struct {
		Key   *string `json:"key"`
		Label string  `json:"label"`
	} `json:"stages"`
	ContactGoal *int `json:"contactGoal"`
}

func (s *Server) getSettings(c echo.Context) error {
	o, err := s.store.PortfolioSettings(c.Request().Context(), orgID(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newSettingsView(o))
}

func (s *Server) putSettings(c echo.Context) error {
	var in settingsInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.store.PortfolioSettings(ctx, orgID(c))
	if err != nil {
		return err
	}
	if err := in.applyTo(o); err != nil {
		return err
	}
	o.UpdatedBy = currentUser(c).ID
	if err := s.store.SaveOrganizationSettings(ctx, o); err != nil {
		var inUse *models.StageInUseError
		if errors.As(err, &inUse) {
			msg := fmt.Sprintf("%d accounts are at stage %s; move them to another stage first", inUse.Accounts, inUse.Key)
			return &detailedError{apiError: apiError{http.StatusConflict, "stage_in_use", msg}, Fields: []fieldError{{"stages", "in_use", msg}}}
		}
		return err
	}
	return c.JSON(http.StatusOK, newSettingsView(o))
}

// applyTo validates every part given, reporting all problems at once, and copies them onto o.
func (in *settingsInput) applyTo(o *models.OrganizationSettings) error {
	var errs fieldErrors
	axisName := func(field string, a *axisView) string {
		if a == nil {
			errs.add(field, "required", field+" is required")
			return ""
		}
		name, err := cleanText(field, a.Name, 1, 50)
		if err != nil {
			errs = append(errs, fieldsOf(err)...)
		}
		return name
	}
	if in.Axes != nil {
		x, y := axisName("axes.x.name", in.Axes.X), axisName("axes.y.name", in.Axes.Y)
		o.AxisXName, o.AxisYName = x, y
	}
	if in.Stages != nil {
		o.Stages = stagesOf(*in.Stages, &errs)
	}
	if in.ContactGoal != nil {
		if *in.ContactGoal < 1 || *in.ContactGoal > 100_000 {
			errs.add("contactGoal", "out_of_range", "contactGoal must be 1-100000")
		}
		o.ContactGoal = *in.ContactGoal
	}
	return errs.err()
}

// stagesOf validates the stages given and derives the keys left out.
func stagesOf(in []struct {
	Key   *string `json:"key"`
	Label string  `json:"label"`
}, errs *fieldErrors) []models.Stage {
	if len(in) == 0 || len(in) > maxStages {
		errs.add("stages", "out_of_range", fmt.Sprintf("stages must list 1-%d stages", maxStages))
		return nil
	}
	out := make([]models.Stage, len(in))
	keys, labels := map[string]bool{}, map[string]bool{}
	for i, st := range in {
		field := fmt.Sprintf("stages[%d]", i)
		label, err := cleanText(field+".label", st.Label, 1, 50)
		if err != nil {
			*errs = append(*errs, fieldsOf(err)...)
		} else if labels[strings.ToLower(label)] {
			errs.add(field+".label", "duplicate", field+".label is the label of another stage")
		}
		labels[strings.ToLower(label)] = true
		out[i].Label = label
		if st.Key != nil {
			switch {
			case !stageKeyPattern.MatchString(*st.Key):
				errs.add(field+".key", "invalid", field+".key must be 1-32 of a-z, 0-9, _ and -, starting with a letter or digit")
			case keys[*st.Key]:
				errs.add(field+".key", "duplicate", field+".key is the key of another stage")
			}
			keys[*st.Key] = true
			out[i].Key = *st.Key
		}
	}
	for i := range out {
		if in[i].Key == nil {
			out[i].Key = newStageKey(out[i].Label, keys)
			keys[out[i].Key] = true
		}
	}
	return out
}

// newStageKey derives a key from a label ("Renewal" → renewal), or numbers
// one (stage-5) when the label has no ASCII letters or the key is taken.
func newStageKey(label string, taken map[string]bool) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(label) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 32 {
			break
		}
	}
	key := b.String()
	if len(key) > 32 {
		key = key[:32]
	}
	if key != "" && !taken[key] {
		return key
	}
	for n := 1; ; n++ {
		if k := "stage-" + strconv.Itoa(n); !taken[k] {
			return k
		}
	}
}
