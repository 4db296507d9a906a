package server

import (
	"encoding/json"
	"strings"

	"golang.org/x/text/currency"

	"github.com/kizuki-app/kizuki/models"
)

// Bounds of an account's numbers: far from overflow when summed over a portfolio.
const (
	maxMRR   = 1_000_000_000_000
	maxSeats = 10_000_000
)

// accountInput is both the create body and the patch body: nil fields are
// left as they are. An import row is read into one too, so both paths
// validate alike.
type accountInput struct {
	Name          *string    `json:"name"`
	Industry      *string    `json:"industry"`
	SizeBand      *string    `json:"sizeBand"`
	Notes         *string    `json:"notes"`
	UsageX        *int       `json:"usageX"`
	UsageY        *int       `json:"usageY"`
	Stage         *string    `json:"stage"`
	Condition     *string    `json:"condition"`
	ConditionNote *string    `json:"conditionNote"`
	OwnerID       optionalID `json:"ownerId"`
	MRR           *int64     `json:"mrr"`
	Currency      *string    `json:"currency"`
	Seats         *int       `json:"seats"`
	ExternalID    *string    `json:"externalId"`
}

// optionalID is an id field that tells absent (Set false) from null (Set, ID nil).
type optionalID struct {
	Set bool
	ID  *int64
}

// UnmarshalJSON records that the field was sent, null or not.
func (o *optionalID) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.ID = nil
		return nil
	}
	var id int64
	if err := json.Unmarshal(b, &id); err != nil {
		return err
	}
	o.ID = &id
	return nil
}

// changes checks the form of every given field (not whether the stage or
// owner exists) and reports every problem at once.
func (in *accountInput) changes() (models.AccountChanges, fieldErrors) {
	var ch models.AccountChanges
	var errs fieldErrors
	text := func(field string, v *string, min, max int) *string {
		if v == nil {
			return nil
		}
		s, err := cleanText(field, *v, min, max)
		if err != nil {
			errs = append(errs, fieldsOf(err)...)
			return nil
		}
		return &s
	}
	level := func(field string, v *int) *int {
		if v != nil && (*v < 0 || *v >= models.UsageLevels) {
			errs.add(field, "out_of_range", field+" must be 0, 1, 2 or 3")
			return nil
		}
		return v
	}
	ch.Name = text("name", in.Name, 1, 200)
	ch.Industry = text("industry", in.Industry, 0, 100)
	if in.SizeBand != nil {
		if sizeBands[*in.SizeBand] {
			ch.SizeBand = in.SizeBand
		} else {
			errs.add("sizeBand", "invalid", "sizeBand must be one of 1-50, 51-200, 201-1000, 1001-5000, 5000+")
		}
	}
	ch.Notes = text("notes", in.Notes, 0, 5000)
	ch.UsageX = level("usageX", in.UsageX)
	ch.UsageY = level("usageY", in.UsageY)
	ch.Stage = text("stage", in.Stage, 1, 32)
	if in.Condition != nil {
		if models.IsCondition(*in.Condition) {
			ch.Condition = in.Condition
		} else {
			errs.add("condition", "invalid", "condition must be satisfied, neutral or unsatisfied")
		}
	}
	ch.ConditionNote = text("conditionNote", in.ConditionNote, 0, 1000)
	if in.OwnerID.Set {
		if in.OwnerID.ID != nil && *in.OwnerID.ID <= 0 {
			errs.add("ownerId", "not_found", "ownerId must be a member of the organization")
		} else {
			owner := in.OwnerID.ID
			ch.OwnerID = &owner
		}
	}
	if in.MRR != nil {
		if *in.MRR < 0 || *in.MRR > maxMRR {
			errs.add("mrr", "out_of_range", "mrr must be a non-negative amount in the currency's minor unit")
		} else {
			ch.MRR = in.MRR
		}
	}
	if in.Currency != nil {
		code := strings.ToUpper(strings.TrimSpace(*in.Currency))
		if _, err := currency.ParseISO(code); (err != nil || len(code) != 3) && code != "" {
			errs.add("currency", "invalid", "currency must be an ISO 4217 code such as JPY or USD")
		} else {
			ch.Currency = &code
		}
	}
	if in.Seats != nil {
		if *in.Seats < 0 || *in.Seats > maxSeats {
			errs.add("seats", "out_of_range", "seats must be 0-10000000")
		} else {
			ch.Seats = in.Seats
		}
	}
	ch.ExternalID = text("externalId", in.ExternalID, 0, 100)
	return ch, errs
}
