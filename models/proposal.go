package models

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// The satisfied-first rule: offerings are proposed to satisfied accounts.
// Proposing to any other needs an explicit override with a reason, both
// recorded with the proposal.
var (
	// ErrSucceedFirst means the account is not satisfied and no override was given.
	ErrSucceedFirst = errors.New("the account is not satisfied: succeed first, or override with a reason")
	// ErrOverrideReasonRequired means an override came without a usable reason.
	ErrOverrideReasonRequired = errors.New("an override needs a reason of 1-500 characters")
)

// MaxOverrideReason bounds an override's reason, in characters.
const MaxOverrideReason = 500

// CheckProposal applies the satisfied-first rule to proposing an offering
// to a: nil when the account is satisfied, or when override is set with a
// reason of 1-MaxOverrideReason characters (after trimming).
func CheckProposal(a *Account, override bool, reason string) error {
	if !a.SucceedFirst() {
		return nil
	}
	if !override {
		return ErrSucceedFirst
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || !utf8.ValidString(reason) || utf8.RuneCountInString(reason) > MaxOverrideReason || strings.ContainsRune(reason, 0) {
		return ErrOverrideReasonRequired
	}
	return nil
}
