package main

import (
	"net/url"
	"strings"
)

// secretParams are connection-string parameters that carry secrets
// (libpq's password, sslpassword; key material paths are not secret).
var secretParams = []string{"password", "sslpassword"}

// redactURL hides a database password, in the user info or the query,
// before the URL is logged. A URL that does not parse is not logged at all.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable database URL)"
	}
	q := u.Query()
	changed := false
	for key := range q {
		for _, secret := range secretParams {
			if strings.EqualFold(key, secret) {
				q.Set(key, "xxxxx")
				changed = true
			}
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
