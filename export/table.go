package export

// SafeCSV writes a header and rows as CSV after a UTF-8 byte order mark,
// every cell made formula-safe: for lists whose cells are all user data or
// plain values, such as the opportunities export.
func SafeCSV(header []string, rows [][]string) ([]byte, error) {
	out := make([][]string, 0, len(rows)+1)
	out = append(out, header)
	for _, r := range rows {
		safe := make([]string, len(r))
		for i, cell := range r {
			safe[i] = csvSafe(cell)
		}
		out = append(out, safe)
	}
	return writeCSV(out)
}
