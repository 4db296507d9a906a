// Package export renders workshops and success maps as Markdown and CSV for
// people to take away; JSON exports are the API's own views.
package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/successmap"
)

// Formats an export can take.
var Formats = map[string]string{
	"md":   "text/markdown; charset=utf-8",
	"csv":  "text/csv; charset=utf-8",
	"json": "application/json",
}

var columnTitles = map[string]string{
	"current": "Current state", "ideal": "Ideal state", "challenges": "Challenges", "first_steps": "First steps",
}

// mdText keeps user text from being read as Markdown structure.
func mdText(s string) string {
	s = strings.ReplaceAll(s, "\r", "")
	s = strings.ReplaceAll(s, "\n", " ")
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "#", `\#`, "|", `\|`)
	return r.Replace(s)
}

// Anonymized is snap as an export may show it: in an anonymous workshop no
// participant is named, neither as an author nor in the list of who came,
// since an export leaves the room and travels further than the board.
func Anonymized(snap *board.SnapshotView) *board.SnapshotView {
	if !snap.Workshop.Settings.Anonymous {
		return snap
	}
	out := *snap
	out.Ideas = make([]board.IdeaView, len(snap.Ideas))
	for i, idea := range snap.Ideas {
		if idea.AuthorRole == board.RoleParticipant {
			idea.AuthorID, idea.AuthorName = nil, ""
		}
		out.Ideas[i] = idea
	}
	out.Participants = make([]board.ParticipantView, len(snap.Participants))
	for i, p := range snap.Participants {
		out.Participants[i] = board.ParticipantView{ID: p.ID, Layer: p.Layer}
	}
	return &out
}

// peopleCount counts participants once each: someone who joined twice under
// the same name and layer (a second device, say) is one person.
func peopleCount(parts []board.ParticipantView) int {
	if len(parts) > 0 && parts[0].Name == "" {
		return len(parts) // anonymized: no names to tell them apart
	}
	seen := map[string]bool{}
	for _, p := range parts {
		seen[strings.ToLower(strings.TrimSpace(p.Name))+"\x00"+p.Layer] = true
	}
	return len(seen)
}

// rankedIdeas lists a column's top-level ideas: voted columns by their
// results' rank (the room's choice first), the others in board order.
func rankedIdeas(snap *board.SnapshotView, res *board.WorkshopResults, column string) []board.IdeaView {
	var out []board.IdeaView
	byID := map[int64]board.IdeaView{}
	for _, i := range snap.Ideas {
		if i.Column == column && i.GroupID == nil {
			out = append(out, i)
			byID[i.ID] = i
		}
	}
	for _, col := range res.Columns {
		if col.Column != column {
			continue
		}
		ranked := make([]board.IdeaView, 0, len(out))
		for _, it := range col.Items {
			if i, ok := byID[it.IdeaID]; ok {
				ranked = append(ranked, i)
				delete(byID, it.IdeaID)
			}
		}
		for _, i := range out {
			if _, left := byID[i.ID]; left {
				ranked = append(ranked, i)
			}
		}
		return ranked
	}
	return out
}

// WorkshopMarkdown renders a workshop's board and vote results, voted
// columns ranked.
func WorkshopMarkdown(snap *board.SnapshotView, res *board.WorkshopResults) []byte {
	var b bytes.Buffer
	w := snap.Workshop
	fmt.Fprintf(&b, "# %s\n\nAccount: %s  \nPhase: %s  \nParticipants: %d\n", mdText(w.Title), mdText(w.AccountName), w.Phase, peopleCount(snap.Participants))
	totals := map[int64]board.ResultItem{}
	for _, col := range res.Columns {
		for _, it := range col.Items {
			totals[it.IdeaID] = it
		}
	}
	for _, col := range board.Columns {
		fmt.Fprintf(&b, "\n## %s\n\n", columnTitles[col])
		n := 0
		for _, i := range rankedIdeas(snap, res, col) {
			n++
			line := "- " + mdText(i.Text)
			if i.Source == board.SourceVendorInsight {
				line += " _(vendor insight)_"
			}
			if it, ok := totals[i.ID]; ok && it.Total > 0 {
				line = fmt.Sprintf("%d. %s — %d votes (%s)", it.Rank, line[2:], it.Total, it.Consensus.Label)
			}
			b.WriteString(line + "\n")
			for _, m := range snap.Ideas {
				if m.GroupID != nil && *m.GroupID == i.ID {
					b.WriteString("  - " + mdText(m.Text) + "\n")
				}
			}
		}
		if n == 0 {
			b.WriteString("_Nothing yet._\n")
		}
	}
	return b.Bytes()
}

// WorkshopCSV renders one row per idea with its votes by layer.
func WorkshopCSV(snap *board.SnapshotView, res *board.WorkshopResults) ([]byte, error) {
	totals := map[int64]board.ResultItem{}
	for _, col := range res.Columns {
		for _, it := range col.Items {
			totals[it.IdeaID] = it
		}
	}
	rows := [][]string{{"column", "text", "source", "author", "group_id", "votes", "executive", "manager", "frontline", "other", "consensus"}}
	for _, i := range snap.Ideas {
		it := totals[i.ID]
		group := ""
		if i.GroupID != nil {
			group = fmt.Sprint(*i.GroupID)
		}
		rows = append(rows, []string{i.Column, csvSafe(i.Text), i.Source, csvSafe(i.AuthorName), group, fmt.Sprint(it.Total),
			fmt.Sprint(it.ByLayer["executive"]), fmt.Sprint(it.ByLayer["manager"]), fmt.Sprint(it.ByLayer["frontline"]),
			fmt.Sprint(it.ByLayer["other"]), it.Consensus.Label})
	}
	return writeCSV(rows)
}

// MapMarkdown renders a success map.
func MapMarkdown(v *successmap.MapView) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\nAccount: %s  \nProgress: %d of %d actions done\n", mdText(v.Title), mdText(v.AccountName), v.Progress.Done, v.Progress.Total)
	for _, m := range v.Expansion {
		fmt.Fprintf(&b, "Expansion potential: %s per month  \n", FormatMoney(m.Amount, m.Currency))
	}
	names := map[int64]string{}
	for _, o := range v.Offerings {
		names[o.ID] = o.Name
	}
	b.WriteString("\n## Ideal state\n\n")
	for _, s := range v.Statements {
		fmt.Fprintf(&b, "- %s\n", mdText(s.Text))
	}
	b.WriteString("\n## Challenges\n\n")
	for _, c := range v.Challenges {
		line := fmt.Sprintf("- %s _(%s)_", mdText(c.Text), c.Johari)
		var linked []string
		for _, id := range c.OfferingIDs {
			linked = append(linked, mdText(names[id]))
		}
		if len(linked) > 0 {
			line += " → " + strings.Join(linked, ", ")
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n## First steps\n\n| Action | Owner | Team | Due | Status |\n|---|---|---|---|---|\n")
	for _, a := range v.Actions {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", mdText(a.Text), mdText(a.Owner), mdText(a.Team), a.Due, a.Status)
	}
	if len(v.Offerings) > 0 {
		b.WriteString("\n## Offerings and evidence\n")
		for _, o := range v.Offerings {
			fmt.Fprintf(&b, "\n### %s (%s, %s per month)\n\n%s\n", mdText(o.Name), o.Kind, FormatMoney(o.MonthlyPrice, o.Currency), mdText(o.Description))
			for _, cs := range o.CaseStudies {
				fmt.Fprintf(&b, "\n- **%s**: %s Outcome: %s\n", mdText(cs.Customer), mdText(cs.Summary), mdText(cs.Outcome))
			}
		}
	}
	return b.Bytes()
}

// MapCSV renders one row per map item.
func MapCSV(v *successmap.MapView) ([]byte, error) {
	names := map[int64]string{}
	for _, o := range v.Offerings {
		names[o.ID] = o.Name
	}
	rows := [][]string{{"section", "text", "detail", "owner", "team", "due", "status"}}
	for _, s := range v.Statements {
		rows = append(rows, []string{"ideal", csvSafe(s.Text), fmt.Sprintf("%d votes", s.Votes), "", "", "", ""})
	}
	for _, c := range v.Challenges {
		var linked []string
		for _, id := range c.OfferingIDs {
			linked = append(linked, names[id])
		}
		rows = append(rows, []string{"challenge", csvSafe(c.Text), csvSafe(c.Johari + ": " + strings.Join(linked, "; ")), "", "", "", ""})
	}
	for _, a := range v.Actions {
		rows = append(rows, []string{"action", csvSafe(a.Text), "", csvSafe(a.Owner), csvSafe(a.Team), a.Due, a.Status})
	}
	return writeCSV(rows)
}

// csvSafe stops spreadsheet apps from running user text as a formula (CSV injection).
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeCSV writes rows after a UTF-8 byte order mark: without it Excel reads
// the file in the system's legacy code page and garbles Japanese.
func writeCSV(rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("export: write csv: %w", err)
	}
	return b.Bytes(), nil
}
