package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDatabasePasswordsAreNotLogged(t *testing.T) {
	cases := map[string]string{
		"postgres://kizuki:s3cret@db:5432/k":                     "postgres://kizuki:xxxxx@db:5432/k",
		"postgres://kizuki@db/k?password=s3cret&sslmode=require": "postgres://kizuki@db/k?password=xxxxx&sslmode=require",
		"postgres://db/k?PASSWORD=s3cret":                        "postgres://db/k?PASSWORD=xxxxx",
		"postgres://db/k?sslpassword=s3cret":                     "postgres://db/k?sslpassword=xxxxx",
		"sqlite://kizuki.db":                                     "sqlite://kizuki.db",
		"postgres://u:p@[::1:bad/k":                              "(unparsable database URL)",
	}
	for in, want := range cases {
		got := redactURL(in)
		assert.Equal(t, want, got, in)
		assert.NotContains(t, got, "s3cret")
	}
}
