package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/kizuki-app/kizuki/loadgen"
)

const usage = `Usage: kizuki-load [flags]

Simulates workshop participants against a Kizuki server over real WebSockets
and reports delivery and ack latency (p50/p95/p99/max), throughput, errors and
dropped or resumed connections. Only loopback servers are loaded unless
--allow-remote names the host.

Scenarios:
  ideas  ideas arrive at --rate per second from the participants in turn;
         delivery latency is from each send until every other participant has it
  votes  the facilitator adds --ideas ideas and opens the vote; every participant
         casts --votes-each votes within --storm-window; the results must count
         each acknowledged vote exactly once
  join   participants join and connect --join-concurrency at a time; time until
         all are connected and the facilitator's presence shows all of them
  idle   participants over --workshops workshops hold idle connections for
         --duration; with --server-pid, the server's memory per connection

Examples:
  kizuki-load --scenario ideas --participants 1000 --rate 10 --duration 60s
  kizuki-load --scenario votes --participants 1000 --votes-each 3
  kizuki-load --scenario idle --participants 10000 --workshops 100 --server-pid $(pidof kizuki)

Flags:
`

// errRunFailed means the run finished but saw errors; the report says which.
var errRunFailed = errors.New("the run saw errors")

// run parses args, runs the scenario and prints its report to stdout;
// progress goes to stderr.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, out, err := parseFlags(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if out.cpuProfile != "" {
		f, err := os.Create(out.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	rep, err := loadgen.Run(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	if out.jsonFile != "" {
		if err := writeJSONFile(out.jsonFile, rep); err != nil {
			return err
		}
	}
	if out.json {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteTable(stdout)
	}
	if err != nil {
		return err
	}
	if f := rep.Failures(); len(f) > 0 {
		fmt.Fprintf(stderr, "kizuki-load: %s\n", strings.Join(f, "; "))
		return errRunFailed
	}
	return nil
}

// output says where the report goes.
type output struct {
	json     bool   // JSON on stdout instead of the table
	jsonFile string // also write the JSON report here
	// cpuProfile is where to write a CPU profile of the generator itself,
	// to see how much of a figure is the generator's own cost.
	cpuProfile string
}

func writeJSONFile(path string, rep *loadgen.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rep.WriteJSON(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (loadgen.Config, output, error) {
	cfg := loadgen.DefaultConfig()
	fs := flag.NewFlagSet("kizuki-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	fs.StringVar(&cfg.URL, "url", cfg.URL, "the server's base URL")
	fs.Func("peer", "another server process on the same database (repeatable); participants' sockets are spread over --url and the peers",
		func(u string) error { cfg.Peers = append(cfg.Peers, u); return nil })
	fs.StringVar(&cfg.AllowRemote, "allow-remote", "", "a host that is not loopback which you allow to be loaded, exactly as in --url")
	fs.StringVar(&cfg.Scenario, "scenario", cfg.Scenario, "ideas, votes, join or idle")
	fs.IntVar(&cfg.Participants, "participants", cfg.Participants, fmt.Sprintf("simulated participants (at most %d)", loadgen.MaxParticipants))
	fs.IntVar(&cfg.JoinConcurrency, "join-concurrency", cfg.JoinConcurrency, "participants joining and connecting at once")
	fs.DurationVar(&cfg.Duration, "duration", cfg.Duration, "run time of the measured part (ideas: sending; idle: holding; join and votes: the longest wait)")
	fs.Float64Var(&cfg.Rate, "rate", cfg.Rate, "ideas per second in total (ideas)")
	fs.IntVar(&cfg.VotesEach, "votes-each", cfg.VotesEach, "votes each participant casts (votes)")
	fs.IntVar(&cfg.Ideas, "ideas", cfg.Ideas, "ideas the facilitator puts up for the vote (votes)")
	fs.DurationVar(&cfg.StormWindow, "storm-window", cfg.StormWindow, "all votes are sent within this window (votes)")
	fs.IntVar(&cfg.Workshops, "workshops", cfg.Workshops, "workshops to spread the participants over (idle)")
	fs.Int64Var(&cfg.WorkshopID, "workshop", 0, "use this existing workshop instead of creating one (its phase will be changed)")
	fs.StringVar(&cfg.JoinCode, "code", "", "the join code of --workshop (looked up when empty)")
	fs.StringVar(&cfg.Email, "email", "", "facilitator to sign in as; default: sign up a new one")
	fs.StringVar(&cfg.Password, "password", "", "the facilitator's password; KIZUKI_LOAD_PASSWORD keeps it out of the process list")
	fs.IntVar(&cfg.ServerPID, "server-pid", 0, "the server's process id, to report its resident memory (same machine only)")
	var out output
	fs.BoolVar(&out.json, "json", false, "print the report as JSON")
	fs.StringVar(&out.jsonFile, "json-file", "", "also write the JSON report to this file")
	fs.StringVar(&out.cpuProfile, "cpuprofile", "", "write a CPU profile of the load generator itself to this file")
	if err := fs.Parse(args); err != nil {
		return cfg, out, err
	}
	if fs.NArg() > 0 {
		return cfg, out, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if cfg.Email != "" && cfg.Password == "" {
		cfg.Password = getenv("KIZUKI_LOAD_PASSWORD")
	}
	if cfg.JoinCode != "" && cfg.WorkshopID == 0 {
		return cfg, out, errors.New("--code needs --workshop")
	}
	return cfg, out, cfg.Validate()
}
