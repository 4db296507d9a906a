// Package loadgen drives a Kizuki server with many simulated participants
// over real WebSockets and measures what they experience: delivery and ack
// latency, throughput, errors, dropped and resumed connections.
package loadgen

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// Scenarios the generator can run.
const (
	ScenarioIdeas = "ideas" // ideas at a steady rate; delivery latency to every other participant
	ScenarioVotes = "votes" // a vote storm; ack latency and exactly-once counting
	ScenarioJoin  = "join"  // N joining; time until all are connected and presence has settled
	ScenarioIdle  = "idle"  // N idle connections over several workshops; server memory per connection
)

// Scenarios lists every scenario name.
var Scenarios = []string{ScenarioIdeas, ScenarioVotes, ScenarioJoin, ScenarioIdle}

// Hard bounds: the generator is a measuring tool, not a way to flood a server.
const (
	MaxParticipants = 20_000
	MaxWorkshops    = 1_000
	MaxDuration     = time.Hour
	// MaxCommands bounds the commands one run sends in total.
	MaxCommands = 200_000
	// MaxDeliveries bounds ideas × receivers, which the generator tracks one by one.
	MaxDeliveries = 50_000_000
	// commandRate and commandBurst mirror the server's per-connection limit
	// (realtime.DefaultLimits); the generator never asks one connection for more.
	commandRate  = 20.0
	commandBurst = 40
	// maxVoteBudget is the server's bound on a workshop's vote budget.
	maxVoteBudget = 50
)

// Config is one load run.
type Config struct {
	URL             string        // server base URL
	Peers           []string      // more processes serving the same database; participants' sockets are spread over URL and these
	AllowRemote     string        // a non-loopback host the user allows, exactly as in URL
	Scenario        string        // one of Scenarios
	Participants    int           // simulated participants
	JoinConcurrency int           // joins and connects in flight at once
	Duration        time.Duration // run time of the measured part
	Rate            float64       // ideas per second in total (ideas)
	VotesEach       int           // votes per participant (votes)
	Ideas           int           // ideas the facilitator adds to vote on (votes)
	StormWindow     time.Duration // the votes are sent within this window (votes)
	Workshops       int           // workshops the participants spread over (idle)
	WorkshopID      int64         // use this workshop instead of creating one
	JoinCode        string        // its join code (looked up when empty)
	Email, Password string        // facilitator to sign in as; empty: sign up a new one
	ServerPID       int           // server process whose RSS to report; 0: none
}

// DefaultConfig returns the defaults of every flag.
func DefaultConfig() Config {
	return Config{
		URL: "http://127.0.0.1:8080", Scenario: ScenarioIdeas, Participants: 100, JoinConcurrency: 32,
		Duration: 60 * time.Second, Rate: 10, VotesEach: 3, Ideas: 5, StormWindow: time.Second, Workshops: 1,
	}
}

// Validate checks a configuration against the hard bounds and the target rule.
func (c *Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	for _, u := range append([]string{c.URL}, c.Peers...) {
		if err := checkTarget(u, c.AllowRemote); err != nil {
			errs = append(errs, err)
		}
	}
	if !contains(Scenarios, c.Scenario) {
		bad("scenario must be one of %s", strings.Join(Scenarios, ", "))
	}
	if c.Participants < 1 || c.Participants > MaxParticipants {
		bad("participants must be 1 to %d", MaxParticipants)
	}
	if c.JoinConcurrency < 1 || c.JoinConcurrency > 1000 {
		bad("join concurrency must be 1 to 1000")
	}
	if c.Duration <= 0 || c.Duration > MaxDuration {
		bad("duration must be positive and at most %s", MaxDuration)
	}
	if c.Workshops < 1 || c.Workshops > MaxWorkshops {
		bad("workshops must be 1 to %d", MaxWorkshops)
	}
	if c.Workshops > 1 && c.Scenario != ScenarioIdle {
		bad("only the idle scenario spreads over several workshops")
	}
	if c.WorkshopID != 0 && c.Workshops > 1 {
		bad("--workshop names one workshop; drop --workshops")
	}
	if c.WorkshopID < 0 {
		bad("workshop id must be positive")
	}
	if (c.Email == "") != (c.Password == "") {
		bad("give both --email and --password, or neither")
	}
	if c.ServerPID < 0 {
		bad("server pid must be positive")
	}
	switch c.Scenario {
	case ScenarioIdeas:
		ideas := c.Rate * c.Duration.Seconds()
		switch {
		case c.Rate <= 0:
			bad("rate must be positive")
		case c.Participants < 2:
			bad("the ideas scenario needs at least 2 participants: one sends, the others receive")
		case c.Rate > commandRate*0.9*float64(c.Participants):
			bad("rate %.1f/s would push participants past the server's %g commands/s per connection; add participants", c.Rate, commandRate)
		case ideas > MaxCommands:
			bad("rate × duration is %.0f ideas, more than the cap of %d", ideas, MaxCommands)
		case ideas*float64(c.Participants) > MaxDeliveries:
			bad("ideas × participants is %.0f deliveries, more than the cap of %d", ideas*float64(c.Participants), MaxDeliveries)
		}
	case ScenarioVotes:
		switch {
		case c.VotesEach < 1 || c.VotesEach > maxVoteBudget || c.VotesEach > commandBurst:
			bad("votes each must be 1 to %d", min(maxVoteBudget, commandBurst))
		case c.Ideas < 1 || c.Ideas > 100:
			bad("ideas must be 1 to 100")
		case c.Participants*c.VotesEach > MaxCommands:
			bad("participants × votes is %d, more than the cap of %d", c.Participants*c.VotesEach, MaxCommands)
		case c.StormWindow <= 0 || c.StormWindow > c.Duration:
			bad("storm window must be positive and within the duration")
		}
	}
	return errors.Join(errs...)
}

// checkTarget allows loopback servers, and other hosts only when the user
// named that exact host with --allow-remote.
func checkTarget(raw, allowRemote string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url %q must be an absolute http(s) URL like http://127.0.0.1:8080", raw)
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.User != nil {
		return fmt.Errorf("url %q must be the server's base URL, without path, query or credentials", raw)
	}
	host := u.Hostname()
	if isLoopback(host) {
		return nil
	}
	if allowRemote != "" && strings.EqualFold(allowRemote, host) {
		return nil
	}
	return fmt.Errorf("refusing to load %s: it is not a loopback address; to load a server of your own elsewhere, name it with --allow-remote %s", host, host)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
