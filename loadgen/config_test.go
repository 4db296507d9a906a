package loadgen

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestOnlyLoopbackOrNamedHostsAreLoaded(t *testing.T) {
	cases := []struct {
		url, allow string
		ok         bool
	}{
		{"http://127.0.0.1:8080", "", true},
		{"http://127.8.9.10:8080", "", true},
		{"http://[::1]:8080", "", true},
		{"http://localhost:8080/", "", true},
		{"https://LOCALHOST", "", true},
		{"http://10.0.0.5:8080", "", false},
		{"http://kizuki.example.com", "", false},
		{"http://kizuki.example.com", "kizuki.example.com", true},
		{"http://kizuki.example.com", "KIZUKI.example.com", true},
		{"http://kizuki.example.com", "other.example.com", false},
		{"http://kizuki.example.com.evil.net", "kizuki.example.com", false},
		{"http://10.0.0.5:8080", "10.0.0.5", true},
		{"ftp://127.0.0.1", "", false},
		{"127.0.0.1:8080", "", false},
		{"http://127.0.0.1:8080/app", "", false},
		{"http://user:pw@127.0.0.1", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.url+" "+tc.allow, func(t *testing.T) {
			err := checkTarget(tc.url, tc.allow)
			if tc.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

func TestConfigBoundsAreEnforced(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"too many participants", func(c *Config) { c.Participants = MaxParticipants + 1 }, "participants must be"},
		{"no duration", func(c *Config) { c.Duration = 0 }, "duration"},
		{"too long", func(c *Config) { c.Duration = 2 * time.Hour }, "duration"},
		{"unknown scenario", func(c *Config) { c.Scenario = "flood" }, "scenario"},
		{"too many ideas", func(c *Config) { c.Rate, c.Participants, c.Duration = 100, 1000, time.Hour }, "cap"},
		{"rate past the per-connection limit", func(c *Config) { c.Rate, c.Participants = 100, 2 }, "per connection"},
		{"one participant cannot measure delivery", func(c *Config) { c.Participants = 1 }, "at least 2"},
		{"votes past the budget bound", func(c *Config) { c.Scenario, c.VotesEach = ScenarioVotes, 51 }, "votes each"},
		{"workshops only when idle", func(c *Config) { c.Workshops = 3 }, "idle"},
		{"email without password", func(c *Config) { c.Email = "a@b.co" }, "password"},
		{"remote host", func(c *Config) { c.URL = "http://192.0.2.1" }, "allow-remote"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tc.change(&cfg)
			assert.ErrorContains(t, cfg.Validate(), tc.want)
		})
	}
	cfg := DefaultConfig()
	assert.NoError(t, cfg.Validate(), "the defaults are valid")
}
