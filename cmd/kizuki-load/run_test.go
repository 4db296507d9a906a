package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func noEnv(string) string { return "" }

func TestRunRefusesBadArguments(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"remote host", []string{"--url", "http://203.0.113.9:8080"}, "--allow-remote 203.0.113.9"},
		{"remote host named wrongly", []string{"--url", "http://203.0.113.9:8080", "--allow-remote", "203.0.113.10"}, "not a loopback"},
		{"too many participants", []string{"--participants", "20001"}, "participants must be 1 to 20000"},
		{"code without workshop", []string{"--code", "ABCD2345"}, "--code needs --workshop"},
		{"unknown scenario", []string{"--scenario", "flood"}, "scenario must be one of"},
		{"stray argument", []string{"now"}, `unexpected argument "now"`},
		{"unknown flag", []string{"--fast"}, "flag provided but not defined"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tc.args, noEnv, &out, &errOut)
			require.Error(t, err)
			assert.Contains(t, err.Error()+errOut.String(), tc.want)
			assert.Empty(t, out.String(), "nothing on stdout")
		})
	}
}

func TestHelpPrintsUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"-h"}, noEnv, &out, &errOut))
	assert.Contains(t, errOut.String(), "Usage: kizuki-load")
	assert.Contains(t, errOut.String(), "-participants")
}

func TestPasswordComesFromTheEnvironment(t *testing.T) {
	env := func(k string) string {
		if k == "KIZUKI_LOAD_PASSWORD" {
			return "secret-pass"
		}
		return ""
	}
	cfg, _, err := parseFlags([]string{"--email", "f@example.com"}, env, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, "secret-pass", cfg.Password)
	cfg, _, err = parseFlags(nil, env, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Empty(t, cfg.Password, "no email: a fresh facilitator signs up")
}
