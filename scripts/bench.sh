#!/usr/bin/env bash
# Runs the load scenarios of Kizuki's performance targets (docs/performance.md,
# issue 6) against fresh servers on this machine and prints the figures.
#
# Each scenario gets a fresh kizuki on a free loopback port and a fresh
# database: SQLite in a temp dir, and PostgreSQL too when BENCH_DATABASE_URL
# is set (a throwaway schema is created with psql and dropped afterwards).
#
# Knobs (environment):
#   BENCH_SECONDS            run time of the ideas scenarios and the idle hold (60)
#   BENCH_RATE               ideas per second (10)
#   BENCH_PARTICIPANTS       participants of ideas, votes and join (1000)
#   BENCH_BIG_PARTICIPANTS   participants of the second ideas run (2000)
#   BENCH_VOTES_EACH         votes per participant in the storm (3)
#   BENCH_IDLE_CONNECTIONS   idle connections (10000)
#   BENCH_IDLE_WORKSHOPS     workshops they spread over (100)
#   BENCH_NODE_PARTICIPANTS  participants of the two-process ideas run (500)
#   BENCH_SCENARIOS          which to run (default: "ideas ideas-big votes join idle nodes";
#                            nodes, two kizuki processes on one database, runs on PostgreSQL only)
#   BENCH_DATABASE_URL       e.g. postgres://postgres@127.0.0.1:5432/test: also run on PostgreSQL
#   BENCH_DATABASES          which databases to run on ("sqlite", plus "postgres" with the URL above)
#   BENCH_OUT                keep JSON reports, server logs and /metrics in this directory
#   BENCH_QUIET_WAIT         seconds to wait for other processes to go quiet before each scenario (120);
#                            on PostgreSQL, the "other" CPU of each report includes the database
# A quick smoke run: make bench-smoke.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${BENCH_SECONDS:-60}
rate=${BENCH_RATE:-10}
participants=${BENCH_PARTICIPANTS:-1000}
big=${BENCH_BIG_PARTICIPANTS:-2000}
votes_each=${BENCH_VOTES_EACH:-3}
idle=${BENCH_IDLE_CONNECTIONS:-10000}
idle_workshops=${BENCH_IDLE_WORKSHOPS:-100}
node_participants=${BENCH_NODE_PARTICIPANTS:-500}
scenarios=${BENCH_SCENARIOS:-"ideas ideas-big votes join idle nodes"}

work=$(mktemp -d "${TMPDIR:-/tmp}/kizuki-bench.XXXXXX")
out=${BENCH_OUT:-$work}
mkdir -p "$out"
server_pid=""
peer_pid=""
schemas=()

cleanup() {
	stop_server
	for schema in ${schemas[@]+"${schemas[@]}"}; do
		psql -q "$BENCH_DATABASE_URL" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== building"
go build -o bin/kizuki ./cmd/kizuki
go build -o bin/kizuki-load ./cmd/kizuki-load

# Sockets are files: the server and the generator each need one per connection.
ulimit -n "$(ulimit -Hn)"
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), open-file limit $(ulimit -n), $(go version | cut -d' ' -f3)"
echo "   the server and the load generator share these cores: the figures include the generator's own cost"

# free_port prints a loopback port nothing listens on, below the ephemeral range.
free_port() {
	local port
	for _ in $(seq 100); do
		port=$((20000 + RANDOM % 10000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
	echo "no free port found" >&2
	return 1
}

# fresh_database <kind> <name>: sets db_url to a fresh database for one scenario.
fresh_database() {
	if [[ $1 == sqlite ]]; then
		db_url="sqlite://$work/$2.db"
		return
	fi
	local schema="bench_$(date +%s)_$RANDOM"
	psql -q "$BENCH_DATABASE_URL" -c "CREATE SCHEMA $schema" >/dev/null
	schemas+=("$schema")
	if [[ $BENCH_DATABASE_URL == *\?* ]]; then
		db_url="$BENCH_DATABASE_URL&search_path=$schema"
	else
		db_url="$BENCH_DATABASE_URL?search_path=$schema"
	fi
}

# launch <database url> <log> [serve flags...]: starts a kizuki and sets launched_pid and launched_url.
launch() {
	local port db=$1 log=$2
	shift 2
	port=$(free_port)
	launched_url="http://127.0.0.1:$port"
	bin/kizuki serve --addr "127.0.0.1:$port" --database-url "$db" "$@" >"$log" 2>&1 &
	launched_pid=$!
	for _ in $(seq 200); do
		if curl -fsS "$launched_url/readyz" >/dev/null 2>&1; then
			return
		fi
		if ! kill -0 "$launched_pid" 2>/dev/null; then
			echo "kizuki did not start:" >&2
			cat "$2" >&2
			return 1
		fi
		sleep 0.1
	done
	echo "kizuki did not get ready in 20 s" >&2
	return 1
}

# start_server <database url> <log>: sets server_pid and server_url.
start_server() {
	launch "$1" "$2"
	server_pid=$launched_pid server_url=$launched_url
}

stop_server() {
	local pid
	for pid in $server_pid $peer_pid; do
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	server_pid="" peer_pid=""
}

# busy_percent prints how busy all processors were over one second.
busy_percent() {
	local a b
	a=($(head -1 /proc/stat))
	sleep 1
	b=($(head -1 /proc/stat))
	local busy=0 total=0 i
	for i in 1 2 3 4 5 6 7 8; do
		total=$((total + b[i] - a[i]))
		if ((i != 4 && i != 5)); then busy=$((busy + b[i] - a[i])); fi
	done
	echo $((total > 0 ? 100 * busy / total : 0))
}

# wait_quiet waits (a while) for other work on the machine to end: the
# server and the generator need both cores for figures worth comparing.
wait_quiet() {
	local waited=0 busy
	while busy=$(busy_percent) && ((busy > 15)); do
		if ((waited >= ${BENCH_QUIET_WAIT:-120})); then
			echo "   warning: the machine is still $busy% busy with other processes; measuring anyway (see 'other' CPU below)"
			return
		fi
		((waited == 0)) && echo "   the machine is $busy% busy with other processes; waiting up to ${BENCH_QUIET_WAIT:-120} s"
		sleep 4
		waited=$((waited + 5))
	done
}

status=0
summary=()

# scenario <db kind> <name> <kizuki-load args...>; the generator is told the
# server's process id (@SERVER_PID@) to report its CPU and memory.
scenario() {
	local db=$1 name=$2
	shift 2
	local report="$out/$db-$name.json" log="$out/$db-$name.server.log"
	wait_quiet
	fresh_database "$db" "$name"
	start_server "$db_url" "$log"
	local args=()
	if [[ $name == nodes-* ]]; then
		# A second process on the same database and public URL, as behind a load balancer.
		launch "$db_url" "$out/$db-$name.peer.log" --base-url "$server_url"
		peer_pid=$launched_pid
		args+=(--peer "$launched_url")
	fi
	for a in "$@" --server-pid @SERVER_PID@; do
		args+=("${a//@SERVER_PID@/$server_pid}")
	done
	echo
	echo "== $db: $name: kizuki-load ${args[*]}"
	if ! bin/kizuki-load --url "$server_url" --json-file "$report" "${args[@]}"; then
		status=1
	fi
	# The server's own view of the run (ack, transaction and batch histograms).
	curl -fsS "$server_url/metrics" >"$out/$db-$name.metrics.txt" 2>/dev/null || rm -f "$out/$db-$name.metrics.txt"
	stop_server
	[[ -s $report ]] && summary+=("$db $name $report")
}

run_suite() {
	local db=$1
	for s in $scenarios; do
		case $s in
		ideas) scenario "$db" "ideas-$participants" --scenario ideas --participants "$participants" --rate "$rate" --duration "${seconds}s" ;;
		ideas-big) scenario "$db" "ideas-$big" --scenario ideas --participants "$big" --rate "$rate" --duration "${seconds}s" ;;
		votes) scenario "$db" "votes-$participants" --scenario votes --participants "$participants" --votes-each "$votes_each" --duration 60s ;;
		join) scenario "$db" "join-$participants" --scenario join --participants "$participants" --join-concurrency 32 --duration 60s ;;
		idle) scenario "$db" "idle-$idle" --scenario idle --participants "$idle" --workshops "$idle_workshops" --duration "${seconds}s" ;;
		nodes)
			if [[ $db == postgres ]]; then
				scenario "$db" "nodes-$node_participants" --scenario ideas --participants "$node_participants" --rate "$rate" --duration "${seconds}s"
			fi
			;;
		*) echo "unknown scenario $s" >&2; status=1 ;;
		esac
	done
}

for db in ${BENCH_DATABASES:-sqlite${BENCH_DATABASE_URL:+ postgres}}; do
	if [[ $db == postgres && -z ${BENCH_DATABASE_URL:-} ]]; then
		echo "BENCH_DATABASES names postgres but BENCH_DATABASE_URL is not set" >&2
		exit 2
	fi
	run_suite "$db"
done

if command -v jq >/dev/null; then
	echo
	echo "== summary (targets from issue 6; 'clean' means no errors, drops, missing or duplicate messages)"
	printf '%-9s %-12s %s\n' db scenario "figures (cpu: cores busy in the measured window)"
	for entry in ${summary[@]+"${summary[@]}"}; do
		read -r db name report <<<"$entry"
		figures=$(jq -r '
			def cpu: if .cpu then " [cpu: server \(.cpu.server // 0), generator \(.cpu.loadgen), other \(.cpu.other)]" else "" end;
			def clean: if (.errors|length)==0 and (.dropped|length)==0 and .duplicates==0 and .unanswered==0
				and ((.deliveries.missing // 0)==0) and .connected==.participants then "clean" else "NOT CLEAN" end + cpu;
			if .scenario=="ideas" then
				"delivery p50 \(.delivery.p50Ms) ms, p99 \(.delivery.p99Ms) ms, max \(.delivery.maxMs) ms; " +
				(if .crossNodeDelivery.count > 0 then "cross-node p50 \(.crossNodeDelivery.p50Ms) ms, p99 \(.crossNodeDelivery.p99Ms) ms; " else "" end) + "ack p99 \(.ack.p99Ms) ms; \(.throughput|floor) deliveries/s; \(clean)"
			elif .scenario=="votes" then
				"ack p50 \(.ack.p50Ms) ms, p99 \(.ack.p99Ms) ms, max \(.ack.maxMs) ms; \(.votes.acked)/\(.votes.expected) acked, \(.votes.counted) counted, exactly once: \(.votes.exactlyOnce); \(clean)"
			elif .scenario=="join" then
				"all connected \(.join.allConnectedSeconds) s, presence settled \(.join.presenceSettledSeconds) s; join p99 \(.joinHttp.p99Ms) ms; \(clean)"
			else
				"\(.connected) connections over \(.workshops) workshops; server \(.memory.serverPerConnKiB // "n/a") KiB per connection (RSS \(((.memory.serverBeforeKiB // 0)/1024)|floor) → \(((.memory.serverConnectedKiB // 0)/1024)|floor) MiB); \(clean)"
			end' "$report")
		printf '%-9s %-12s %s\n' "$db" "$name" "$figures"
	done
	echo "targets: ideas 1000: p50 ≤ 10 ms, p99 ≤ 50 ms; ideas 2000: p99 ≤ 150 ms; votes: all acked once, p99 ≤ 250 ms;"
	echo "         join 1000 (32 at a time): settled ≤ 3 s; idle 10000 over 100 workshops: ≤ 20 KiB per connection;"
	echo "         nodes 500 (two processes, PostgreSQL): cross-node delivery p99 ≤ 100 ms"
fi
if [[ -n ${BENCH_OUT:-} ]]; then
	echo "reports, server logs and metrics: $out"
fi
exit $status
