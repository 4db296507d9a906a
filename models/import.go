package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Import outcomes of a row.
const (
	ImportCreated = "created"
	ImportUpdated = "updated"
	ImportRefused = "refused"
)

// ImportRow is one data row of an account import, its cells already
// parsed. Stage may be a stage's key or label; the owner is named by email
// or id of a member.
type ImportRow struct {
	Row        int // the record's number in the file, the header being 1
	Changes    AccountChanges
	Stage      *string
	OwnerEmail *string
	OwnerID    *int64
	Refusal    *ImportRefusal // the row was refused while its cells were read
}

// ImportRefusal says why a row was not imported.
type ImportRefusal struct {
	Reason  string // formula, required, invalid, too_long, unknown_owner, unknown_stage, duplicate_row, ambiguous_name
	Field   string
	Message string
}

// ImportOutcome is what happened, or in a dry run would happen, to one row.
type ImportOutcome struct {
	Row        int
	Action     string
	AccountID  *int64 // nil for a refused row, or a row a dry run would create
	Name       string
	ExternalID string
	Refusal    *ImportRefusal
}

// ImportAccounts upserts rows into the organization's accounts: by
// externalId, else by name. A dry run answers what the rows would do and
// writes nothing; a real run writes every valid row in one transaction.
func (s *Store) ImportAccounts(ctx context.Context, orgID, userID int64, rows []ImportRow, dryRun bool) ([]ImportOutcome, error) {
	var out []ImportOutcome
	run := func(st *Store) error {
		var err error
		out, err = st.importRows(ctx, orgID, userID, rows, dryRun)
		return err
	}
	if dryRun {
		return out, run(s)
	}
	return out, s.InTx(ctx, run)
}

func (s *Store) importRows(ctx context.Context, orgID, userID int64, rows []ImportRow, dryRun bool) ([]ImportOutcome, error) {
	settings, err := s.PortfolioSettings(ctx, orgID)
	if err != nil {
		return nil, err
	}
	members, err := s.Members(ctx, orgID)
	if err != nil {
		return nil, err
	}
	existing, err := s.Accounts(ctx, orgID)
	if err != nil {
		return nil, err
	}
	r := importRun{
		settings: settings, index: newImportIndex(existing), byEmail: map[string]int64{}, memberIDs: map[int64]bool{},
		seenExternal: map[string]int{}, seenName: map[string]int{}, now: time.Now().UTC(),
	}
	for _, m := range members {
		r.byEmail[strings.ToLower(m.Email)] = m.ID
		r.memberIDs[m.ID] = true
	}
	out := make([]ImportOutcome, 0, len(rows))
	var created, updated []*Account
	var written []importWrite
	seen := map[*Account]bool{}
	for i := range rows {
		o, a, isNew := r.plan(&rows[i])
		if o.Refusal == nil && !dryRun {
			switch {
			case isNew:
				a.OrganizationID, a.CreatedBy = orgID, userID
				created = append(created, a)
			case a.ID != 0 && !seen[a]: // one created earlier in the file is inserted as it ends up
				seen[a] = true
				updated = append(updated, a)
			}
			written = append(written, importWrite{len(out), a})
		}
		out = append(out, o)
	}
	if dryRun {
		return out, nil
	}
	if len(created) > 0 {
		if err := s.db.WithContext(ctx).CreateInBatches(created, s.importBatch()).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				err = ErrExternalIDTaken // another import or edit took it meanwhile
			}
			return nil, fmt.Errorf("store: import %d accounts: %w", len(created), err)
		}
	}
	for _, a := range updated {
		a.UpdatedAt = r.now
		if err := s.importUpdate(ctx, a); err != nil {
			return nil, err
		}
	}
	for _, w := range written {
		id := w.account.ID
		out[w.outcome].AccountID = &id
	}
	return out, nil
}

// importBatch is how many new accounts one INSERT carries. On PostgreSQL,
// 500 rows of 20 columns stay under its limit on bound parameters. The SQLite
// driver binds each parameter by searching all of them (quadratic in the
// statement's parameters), so there a statement carries a few rows only.
func (s *Store) importBatch() int {
	if s.Shared() {
		return 500
	}
	return 25
}

// importUpdateSQL writes every field an import may change. One plain
// statement, prepared once, instead of gorm's per-row reflection: an import
// of 10,000 updates holds SQLite's single writer for that long.
const importUpdateSQL = "UPDATE accounts SET name = ?, industry = ?, size_band = ?, notes = ?, usage_x = ?, usage_y = ?, " +
	"stage = ?, condition = ?, condition_note = ?, condition_checked_at = ?, owner_id = ?, mrr = ?, currency = ?, seats = ?, " +
	"external_id = ?, updated_at = ? WHERE id = ? AND organization_id = ?"

func (s *Store) importUpdate(ctx context.Context, a *Account) error {
	err := s.db.WithContext(ctx).Exec(importUpdateSQL, a.Name, a.Industry, a.SizeBand, a.Notes, a.UsageX, a.UsageY,
		a.Stage, a.Condition, a.ConditionNote, a.ConditionCheckedAt, a.OwnerID, a.MRR, a.Currency, a.Seats,
		a.ExternalID, a.UpdatedAt, a.ID, a.OrganizationID).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		err = ErrExternalIDTaken
	}
	if err != nil {
		return fmt.Errorf("store: import: update account %d: %w", a.ID, err)
	}
	return nil
}

// importWrite is an outcome whose account a real run writes.
type importWrite struct {
	outcome int
	account *Account
}

// importRun is the state of one import as it goes down the rows.
type importRun struct {
	settings     *OrganizationSettings
	index        *importIndex
	byEmail      map[string]int64
	memberIDs    map[int64]bool
	seenExternal map[string]int // externalId → first row with it
	seenName     map[string]int // lower-cased name → first row with it and no externalId
	now          time.Time
}

// plan decides what a row does and applies it to the in-memory account,
// which it returns with whether it is new.
func (r *importRun) plan(row *ImportRow) (ImportOutcome, *Account, bool) {
	c := row.Changes
	o := ImportOutcome{Row: row.Row}
	if c.Name != nil {
		o.Name = *c.Name
	}
	if c.ExternalID != nil {
		o.ExternalID = *c.ExternalID
	}
	refuse := func(ref *ImportRefusal) (ImportOutcome, *Account, bool) {
		o.Action, o.Refusal = ImportRefused, ref
		return o, nil, false
	}
	if row.Refusal != nil {
		return refuse(row.Refusal)
	}
	if o.Name == "" && o.ExternalID == "" {
		return refuse(&ImportRefusal{Reason: "required", Field: "name", Message: "the row has neither a name nor an externalId"})
	}
	if o.ExternalID != "" {
		if first, ok := r.seenExternal[o.ExternalID]; ok {
			return refuse(&ImportRefusal{Reason: "duplicate_row", Field: "externalId", Message: "row " + strconv.Itoa(first) + " has the same externalId"})
		}
	} else if first, ok := r.seenName[strings.ToLower(o.Name)]; ok {
		return refuse(&ImportRefusal{Reason: "duplicate_row", Field: "name", Message: "row " + strconv.Itoa(first) + " has the same name"})
	}
	if row.Stage != nil {
		key, ok := r.stageKey(*row.Stage)
		if !ok {
			return refuse(&ImportRefusal{Reason: "unknown_stage", Field: "stage", Message: fmt.Sprintf("%q is not one of the organization's stages", *row.Stage)})
		}
		c.Stage = &key
	}
	if row.OwnerEmail != nil || row.OwnerID != nil {
		id, ok := r.byEmail[strings.ToLower(deref(row.OwnerEmail))]
		field := "ownerEmail"
		if row.OwnerID != nil {
			id, ok, field = *row.OwnerID, r.memberIDs[*row.OwnerID], "ownerId"
		}
		if !ok {
			return refuse(&ImportRefusal{Reason: "unknown_owner", Field: field, Message: "no member of the organization is that owner"})
		}
		owner := &id
		c.OwnerID = &owner
	}
	a, ref := r.index.match(o.ExternalID, o.Name)
	if ref != nil {
		return refuse(ref)
	}
	created := a == nil
	var next Account
	if created {
		if o.Name == "" {
			return refuse(&ImportRefusal{Reason: "required", Field: "name", Message: "no account has that externalId, and a new one needs a name"})
		}
		next = Account{Stage: r.settings.Stages[0].Key, Condition: ConditionNeutral}
	} else {
		next = *a
	}
	c.ApplyTo(&next, r.now)
	if next.MRR > 0 && next.Currency == "" {
		return refuse(&ImportRefusal{Reason: "invalid", Field: "currency", Message: "an mrr needs its currency"})
	}
	if o.ExternalID != "" {
		r.seenExternal[o.ExternalID] = row.Row
	} else {
		r.seenName[strings.ToLower(o.Name)] = row.Row
	}
	o.Name, o.ExternalID = next.Name, deref(next.ExternalID)
	if created {
		o.Action = ImportCreated
		a = &next
		r.index.add(a)
		return o, a, true
	}
	o.Action = ImportUpdated
	oldName, oldExternal := a.Name, a.ExternalID
	*a = next
	r.index.reindex(a, oldName, oldExternal)
	if a.ID != 0 { // not one an earlier row of the file creates
		id := a.ID
		o.AccountID = &id
	}
	return o, a, false
}

// stageKey finds a stage by key, or by key or label ignoring case.
func (r *importRun) stageKey(v string) (string, bool) {
	for _, st := range r.settings.Stages {
		if st.Key == v {
			return st.Key, true
		}
	}
	for _, st := range r.settings.Stages {
		if strings.EqualFold(st.Key, v) || strings.EqualFold(st.Label, v) {
			return st.Key, true
		}
	}
	return "", false
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
