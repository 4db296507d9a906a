package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
)

// maxContactsListed bounds an account's contact log as one answer.
const maxContactsListed = 200

// contactFuture is how far ahead a contact may be dated: a meeting logged
// from another time zone's evening is still "today".
const contactFuture = 24 * time.Hour

// earliestContact is the oldest date a contact may carry; older is a typo.
var earliestContact = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

type contactView struct {
	ID        int64     `json:"id"`
	AccountID int64     `json:"accountId"`
	UserID    int64     `json:"userId"`
	UserName  string    `json:"userName"`
	Kind      string    `json:"kind"`
	At        time.Time `json:"at"`
	Note      string    `json:"note"`
	Condition string    `json:"condition"`
	CreatedAt time.Time `json:"createdAt"`
}

func newContactView(e *models.ContactEntry) contactView {
	return contactView{ID: e.ID, AccountID: e.AccountID, UserID: e.UserID, UserName: e.UserName, Kind: e.Kind,
		At: e.At, Note: e.Note, Condition: e.Condition, CreatedAt: e.CreatedAt}
}

type contactInput struct {
	Kind      string     `json:"kind"`
	At        *time.Time `json:"at"`
	Note      string     `json:"note"`
	Condition *string    `json:"condition"`
}

func (s *Server) addContact(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in contactInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	// Another organization's account is not found, whatever the body says.
	if _, err := s.store.AccountByID(c.Request().Context(), orgID(c), id); err != nil {
		return err
	}
	now := s.now().UTC()
	contact := &models.Contact{OrganizationID: orgID(c), AccountID: id, UserID: currentUser(c).ID, Kind: in.Kind, At: now}
	var errs fieldErrors
	if !models.IsContactKind(in.Kind) {
		errs.add("kind", "invalid", "kind must be call, meeting, email or workshop")
	}
	if in.At != nil {
		if in.At.Before(earliestContact) || in.At.After(now.Add(contactFuture)) {
			errs.add("at", "out_of_range", "at must be a time since 2000 and no more than a day ahead")
		}
		contact.At = *in.At
	}
	if note, err := cleanText("note", in.Note, 0, 2000); err != nil {
		errs = append(errs, fieldsOf(err)...)
	} else {
		contact.Note = note
	}
	if in.Condition != nil && *in.Condition != "" {
		if !models.IsCondition(*in.Condition) {
			errs.add("condition", "invalid", "condition must be satisfied, neutral or unsatisfied")
		}
		contact.Condition = *in.Condition
	}
	if err := errs.err(); err != nil {
		return err
	}
	if err := s.store.AddContact(c.Request().Context(), contact); err != nil {
		return err
	}
	entry := models.ContactEntry{Contact: *contact, UserName: currentUser(c).Name}
	return c.JSON(http.StatusCreated, newContactView(&entry))
}

func (s *Server) listContacts(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.store.AccountByID(ctx, orgID(c), id); err != nil {
		return err
	}
	list, err := s.store.Contacts(ctx, orgID(c), id, maxContactsListed)
	if err != nil {
		return err
	}
	out := make([]contactView, len(list))
	for i := range list {
		out[i] = newContactView(&list[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"contacts": out})
}
