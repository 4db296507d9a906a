package successmap

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kizuki-app/kizuki/models"
)

// What an anonymized story says where its source named the customer or a person.
const (
	AnonymousCustomer = "[customer]"
	AnonymousPerson   = "[name]"
)

// Anonymizer replaces an account's name and people's names in text, without
// regard to case: each whole name, and each part of a name of two or more
// characters ("Taro Yamada" also takes "Yamada-san"). Parts made of letters
// and digits only match as whole words, so "Ann" leaves "annual" alone.
type Anonymizer struct {
	re      *regexp.Regexp
	account map[string]bool // lower-cased tokens that stand for the account
}

// NewAnonymizer prepares the replacement of the names in n.
func NewAnonymizer(n models.StoryNames) *Anonymizer {
	a := &Anonymizer{account: map[string]bool{}}
	tokens := map[string]bool{}
	add := func(name string, account bool) {
		name = strings.TrimSpace(name)
		parts := append([]string{name}, strings.Fields(name)...)
		for i, p := range parts {
			if i > 0 {
				// Parts lose the punctuation around them ("(Japan)" is "Japan");
				// the whole name keeps its own, so none of it is left behind.
				p = strings.Trim(p, ".,;:()[]「」『』、。")
			}
			if utf8.RuneCountInString(p) < 2 {
				continue
			}
			key := strings.ToLower(p)
			tokens[key] = true
			if account {
				a.account[key] = true
			}
		}
	}
	add(n.Account, true)
	for _, p := range n.People {
		add(p, false)
	}
	if len(tokens) == 0 {
		return a
	}
	list := make([]string, 0, len(tokens))
	for t := range tokens {
		list = append(list, t)
	}
	// Longest first, so a whole name wins over its parts.
	sort.Slice(list, func(i, j int) bool {
		if len(list[i]) != len(list[j]) {
			return len(list[i]) > len(list[j])
		}
		return list[i] < list[j]
	})
	alts := make([]string, len(list))
	for i, t := range list {
		q := regexp.QuoteMeta(t)
		if wordy(t) {
			q = `\b` + q + `\b`
		}
		alts[i] = q
	}
	a.re = regexp.MustCompile("(?i)(?:" + strings.Join(alts, "|") + ")")
	return a
}

// wordy reports whether t is made of ASCII letters and digits only, where
// word boundaries mean what they say.
func wordy(t string) bool {
	for _, r := range t {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// Scrub replaces every name in s.
func (a *Anonymizer) Scrub(s string) string {
	if a == nil || a.re == nil {
		return s
	}
	return a.re.ReplaceAllStringFunc(s, func(m string) string {
		if a.account[strings.ToLower(m)] {
			return AnonymousCustomer
		}
		return AnonymousPerson
	})
}

// ScrubAll replaces every name in each of list.
func (a *Anonymizer) ScrubAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = a.Scrub(s)
	}
	return out
}

// StorySummaryView is a story listed as a case study of an offering.
type StorySummaryView struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Customer string `json:"customer"`
	Industry string `json:"industry"`
	SizeBand string `json:"sizeBand"`
	Outcome  string `json:"outcome"`
}

// NewStorySummary renders a story for an offering's case studies.
func NewStorySummary(st *models.Story) StorySummaryView {
	v := StorySummaryView{ID: st.ID, Title: st.Title, Customer: st.Customer, Industry: st.Industry, SizeBand: st.SizeBand, Outcome: st.Outcome}
	if st.Anonymized {
		v.Customer = ""
	}
	return v
}

// AttachStories adds to each offering view the stories that adopted it.
func AttachStories(views []OfferingView, byOffering map[int64][]models.Story) {
	for i := range views {
		for j := range byOffering[views[i].ID] {
			views[i].Stories = append(views[i].Stories, NewStorySummary(&byOffering[views[i].ID][j]))
		}
	}
}
