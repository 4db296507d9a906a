package models

import (
	"fmt"
	"strings"
)

// importIndex finds the organization's accounts as an import row names them,
// and keeps up with what earlier rows of the file created or changed.
type importIndex struct {
	accounts   []*Account
	byExternal map[string]*Account
	byName     map[string][]*Account // lower-cased name → accounts of that name
}

func newImportIndex(list []Account) *importIndex {
	ix := &importIndex{byExternal: map[string]*Account{}, byName: map[string][]*Account{}}
	for i := range list {
		ix.add(&list[i])
	}
	return ix
}

func (ix *importIndex) add(a *Account) {
	ix.accounts = append(ix.accounts, a)
	if a.ExternalID != nil {
		ix.byExternal[*a.ExternalID] = a
	}
	key := strings.ToLower(a.Name)
	ix.byName[key] = append(ix.byName[key], a)
}

// reindex records that a's name or externalId changed from before.
func (ix *importIndex) reindex(a *Account, oldName string, oldExternal *string) {
	if oldExternal != nil {
		delete(ix.byExternal, *oldExternal)
	}
	if a.ExternalID != nil {
		ix.byExternal[*a.ExternalID] = a
	}
	if old := strings.ToLower(oldName); old != strings.ToLower(a.Name) {
		list := ix.byName[old]
		for i, b := range list {
			if b == a {
				ix.byName[old] = append(list[:i:i], list[i+1:]...)
				break
			}
		}
		key := strings.ToLower(a.Name)
		ix.byName[key] = append(ix.byName[key], a)
	}
}

// match finds the account a row updates: by externalId, else by name (among
// accounts without an externalId when the row has one). nil means create.
func (ix *importIndex) match(externalID, name string) (*Account, *ImportRefusal) {
	if externalID != "" {
		if a := ix.byExternal[externalID]; a != nil {
			return a, nil
		}
	}
	if name == "" {
		return nil, nil
	}
	var candidates []*Account
	for _, a := range ix.byName[strings.ToLower(name)] {
		if externalID == "" || a.ExternalID == nil {
			candidates = append(candidates, a)
		}
	}
	switch len(candidates) {
	case 0:
		return nil, nil
	case 1:
		return candidates[0], nil
	}
	return nil, &ImportRefusal{Reason: "ambiguous_name", Field: "name",
		Message: fmt.Sprintf("%d accounts are named %q; give the row an externalId", len(candidates), name)}
}
