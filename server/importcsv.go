package server

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kizuki-app/kizuki/models"
)

// Reading an account import's CSV: the header, each row's cells, and what
// makes a file malformed as a whole.

// importColumns maps a normalized header (lower case, no spaces, _ or -)
// to the field it fills: the JSON field names and the usual aliases.
var importColumns = map[string]string{
	"name": "name", "account": "name", "accountname": "name", "company": "name",
	"externalid": "externalId", "crmid": "externalId",
	"industry": "industry", "sizeband": "sizeBand", "size": "sizeBand", "notes": "notes",
	"usagex": "usageX", "usagey": "usageY", "stage": "stage", "condition": "condition", "conditionnote": "conditionNote",
	"owneremail": "ownerEmail", "owner": "ownerEmail", "csm": "ownerEmail", "ownerid": "ownerId",
	"mrr": "mrr", "currency": "currency", "seats": "seats",
}

// normalHeader is how header cells are compared.
func normalHeader(h string) string {
	return strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(strings.TrimSpace(h)))
}

// malformed is the answer to a file that cannot be read as a whole.
func malformed(line int, msg string, fields ...fieldError) error {
	return &detailedError{apiError: apiError{http.StatusBadRequest, "malformed_csv", msg}, Line: line, Fields: fields}
}

// parseImport reads a whole file into rows; any problem with the file as a
// whole is an error, a problem with one row a refusal of that row.
func parseImport(raw []byte) ([]models.ImportRow, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")) // Excel's BOM
	if !utf8.Valid(raw) {
		return nil, malformed(lineAt(raw, firstInvalidUTF8(raw)), "the file is not UTF-8; save it as CSV UTF-8")
	}
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		return nil, malformed(lineAt(raw, i), "the file contains a NUL byte")
	}
	rd := csv.NewReader(bytes.NewReader(raw))
	rd.FieldsPerRecord = -1
	header, err := rd.Read()
	if errors.Is(err, io.EOF) {
		return nil, malformed(0, "the file is empty; it needs a header row")
	}
	if err != nil {
		return nil, csvError(err)
	}
	columns, err := importHeader(header)
	if err != nil {
		return nil, err
	}
	var rows []models.ImportRow
	for record := 2; ; record++ {
		cells, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, csvError(err)
		}
		if record-1 > maxImportRows {
			return nil, &apiError{http.StatusBadRequest, "too_many_rows", fmt.Sprintf("the file has more than %d rows; split it", maxImportRows)}
		}
		for _, extra := range cells[min(len(cells), len(columns)):] {
			if strings.TrimSpace(extra) != "" {
				line, _ := rd.FieldPos(len(columns))
				return nil, malformed(line, fmt.Sprintf("row %d has more cells than the header", record))
			}
		}
		if row, ok := importRow(record, columns, cells); ok {
			rows = append(rows, row)
		}
	}
}

// csvError reports where the CSV could not be parsed.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return malformed(pe.Line, fmt.Sprintf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err))
	}
	return malformed(0, "the file could not be read as CSV")
}

// importHeader maps each header cell to its field ("" for an empty header
// cell, whose column is ignored); unknown, repeated and missing columns make the file malformed.
func importHeader(header []string) ([]string, error) {
	columns := make([]string, len(header))
	seen := map[string]bool{}
	var problems []fieldError
	for i, h := range header {
		if strings.TrimSpace(h) == "" {
			continue
		}
		field, ok := importColumns[normalHeader(h)]
		h = clip(h, 50) // the answer names the cell, not all of a runaway one
		switch {
		case !ok:
			problems = append(problems, fieldError{h, "unknown", fmt.Sprintf("unknown column %q", h)})
		case seen[field], field == "ownerId" && seen["ownerEmail"], field == "ownerEmail" && seen["ownerId"]:
			problems = append(problems, fieldError{h, "duplicate", fmt.Sprintf("column %q repeats another column", h)})
		}
		seen[field] = true
		columns[i] = field
	}
	if !seen["name"] && !seen["externalId"] {
		problems = append(problems, fieldError{"name", "required", "the header needs a name or an externalId column"})
	}
	if len(problems) > 0 {
		return nil, malformed(1, problems[0].Message, problems[:min(len(problems), maxHeaderProblems)]...)
	}
	return columns, nil
}

// maxHeaderProblems bounds the header problems listed: a file of a
// million commas is one problem for its author.
const maxHeaderProblems = 20

// clip keeps the first n characters of s.
func clip(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// formulaStarts are the first characters that make a spreadsheet treat a
// cell as a formula (OWASP's CSV injection list).
const formulaStarts = "=+-@\t\r"

// importRow reads one record's cells; ok is false for a row with no cell filled.
func importRow(record int, columns, cells []string) (models.ImportRow, bool) {
	row := models.ImportRow{Row: record}
	var in accountInput
	refuse := func(reason, field, msg string) (models.ImportRow, bool) {
		row.Refusal = &models.ImportRefusal{Reason: reason, Field: field, Message: msg}
		// Only to name the row in the answer, so clipped: the cell may be what is wrong.
		name, external := clip(deref(in.Name), 200), clip(deref(in.ExternalID), 100)
		row.Changes = models.AccountChanges{Name: &name, ExternalID: &external}
		return row, true
	}
	filled := false
	var badCell *fieldError
	for i, field := range columns {
		if field == "" || i >= len(cells) {
			continue
		}
		v := strings.TrimSpace(cells[i])
		if v == "" {
			continue
		}
		filled = true
		if strings.ContainsAny(cells[i][:1], formulaStarts) || strings.ContainsAny(v[:1], formulaStarts) {
			if badCell == nil {
				badCell = &fieldError{field, "formula", field + " starts with " + strconv.Quote(v[:1]) + ", which a spreadsheet would run as a formula"}
			}
		}
		if err := setImportCell(&in, &row, field, v); err != nil && badCell == nil {
			badCell = err
		}
	}
	if !filled {
		return row, false
	}
	if badCell != nil {
		return refuse(badCell.Code, badCell.Field, badCell.Message)
	}
	ch, errs := in.changes()
	if len(errs) > 0 {
		reason := errs[0].Code
		if reason != "required" && reason != "too_long" {
			reason = "invalid"
		}
		return refuse(reason, errs[0].Field, errs[0].Message)
	}
	row.Changes = ch
	return row, true
}

// setImportCell puts one non-empty cell where it belongs; a number that
// does not parse is the cell's problem.
func setImportCell(in *accountInput, row *models.ImportRow, field, v string) *fieldError {
	number := func() (int64, *fieldError) {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, &fieldError{field, "invalid", field + " must be a whole number"}
		}
		return n, nil
	}
	text := func() *string { return &v }
	switch field {
	case "name":
		in.Name = text()
	case "externalId":
		in.ExternalID = text()
	case "industry":
		in.Industry = text()
	case "sizeBand":
		in.SizeBand = text()
	case "notes":
		in.Notes = text()
	case "conditionNote":
		in.ConditionNote = text()
	case "condition":
		lower := strings.ToLower(v)
		in.Condition = &lower
	case "currency":
		in.Currency = text()
	case "stage":
		if utf8.RuneCountInString(v) > 50 {
			return &fieldError{field, "too_long", "stage must be at most 50 characters"}
		}
		row.Stage = text()
	case "ownerEmail":
		if len(v) > 254 {
			return &fieldError{field, "too_long", "ownerEmail must be at most 254 characters"}
		}
		row.OwnerEmail = text()
	case "ownerId", "mrr", "usageX", "usageY", "seats":
		n, err := number()
		if err != nil {
			return err
		}
		// Clamped into int32 so a huge number fails the range check, not the conversion.
		small := int(max(min(n, 1<<31), -1<<31))
		switch field {
		case "ownerId":
			row.OwnerID = &n
		case "mrr":
			in.MRR = &n
		case "usageX":
			in.UsageX = &small
		case "usageY":
			in.UsageY = &small
		case "seats":
			in.Seats = &small
		}
	}
	return nil
}

// firstInvalidUTF8 is the offset of the first byte that is not UTF-8.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// lineAt is the 1-based line of offset i.
func lineAt(b []byte, i int) int { return bytes.Count(b[:i], []byte("\n")) + 1 }
