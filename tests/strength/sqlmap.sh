#!/usr/bin/env bash
# SQL injection: sqlmap tries every parameter of the demo's pages and forms
# on a demo server: the query strings of the anonymous pages, downloads and
# API; the pages and forms of a signed-in administrator (the session's cookie,
# CSRF token and Origin); the API's JSON with a bearer token; the login form.
# A target fails when sqlmap confirms an injection or finds a database's
# error message in a page, when any of its requests is answered 5xx, when it
# does not finish in its share of the time, or when the server dies.
# Bounded in time: SECONDS (default 180) for the whole run, the targets in two
# lanes side by side, each given time by its number of parameters; those
# left when the time is up are listed as not run. Longer runs test more:
# --level 2 (the session cookie too) from 600 s, --level 3 (User-Agent and
# Referer too) from 1200 s. Everything on 127.0.0.1, stopped at the end.
#   tests/strength/sqlmap.sh BINARY [SECONDS]   (prints "sqlmap: N passed, N failed")
set -uo pipefail
bin=${1:?usage: sqlmap.sh BINARY [SECONDS]}
budget=${2:-180}
command -v sqlmap >/dev/null || { echo "sqlmap: 0 passed, 1 failed (sqlmap missing)"; exit 1; }
level=1
[ "$budget" -ge 600 ] && level=2
[ "$budget" -ge 1200 ] && level=3
tmp=$(mktemp -d)
port=$((25000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
"$bin" demo --db "$tmp/sqlmap.db" --port "$port" --threads 2 >"$tmp/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do curl -fs -o /dev/null "$base/" && break; sleep 0.1; done

setup_failed() {
  echo "  setup: $1"
  echo "sqlmap: 0 passed, 1 failed"
  exit 1
}
curl -fs -o /dev/null "$base/" || setup_failed "the demo server did not start"

# --- Sessions, and things for the forms to change ------------------------------

csrf_in() { grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }

# Signs in as $1 (the demo's password) through the login form; sets cookie
# and token to the session's.
sign_in() {
  local jar="$tmp/jar.$1" t
  t=$(curl -s -c "$jar" "$base/login" | csrf_in)
  curl -s -b "$jar" -c "$jar" -o /dev/null -H "Origin: $base" \
    --data "csrf=$t&login=$1&password=demo" "$base/login"
  cookie="shinchoku_sid=$(awk '$6 == "shinchoku_sid" {print $7}' "$jar")"
  token=$(curl -s -H "Cookie: $cookie" "$base/" | csrf_in)
  [ -n "$token" ] || setup_failed "cannot sign in as $1"
}

# A form posted as the administrator, as a browser would; prints where the
# answer redirects to (or nothing).
post() {
  curl -s -o /dev/null -w '%{redirect_url}' -H "Cookie: $admin_cookie" -H "Origin: $base" \
    --data "csrf=$admin_token&$2" "$base$1"
}
# Posts a form that makes something and prints the id its redirect names ($3:
# what comes before the id there, "#d-" or "/units/"); fails if none.
made() {
  local id
  id=$(post "$1" "$2" | sed -n "s|.*$3\([0-9][0-9]*\).*|\1|p")
  [ -n "$id" ] || { echo "  setup: POST $1 $2 made nothing" >&2; return 1; }
  echo "$id"
}

sign_in admin
admin_cookie=$cookie admin_token=$token
# Forms on one's own account (language, password) are tried by a section's
# editor, not by the administrator whose session the other targets use.
sign_in shiminseikatsu
self_cookie=$cookie self_token=$token
# The login form's own cookie and token.
pre_token=$(curl -s -c "$tmp/jar.pre" "$base/login" | csrf_in)
pre_cookie="shinchoku_pre=$(awk '$6 == "shinchoku_pre" {print $7}' "$tmp/jar.pre")"
# An API token of the administrator's.
api_token=$(curl -s -H "Cookie: $admin_cookie" -H "Origin: $base" \
  --data "csrf=$admin_token&name=sqlmap&days=1" "$base/account/tokens" |
  grep -o 'Bearer shk_[A-Za-z0-9_-]*' | head -1 | sed 's/^Bearer //')
[ -n "$api_token" ] || setup_failed "could not make an API token"
# A service account, the only kind an administrator makes tokens for.
service=$(printf 'sqlmap-service-password\n' |
  "$bin" user add --db "$tmp/sqlmap.db" --login sqlmap-service --name sqlmap --service 2>&1 |
  sed -n 's/.*(id \([0-9][0-9]*\)).*/\1/p')
[ -n "$service" ] || setup_failed "could not make a service account"

# Throwaway things for the forms to change, move, merge and close: units of
# the organisation (made in today's fiscal year, changed from the next), and
# in the demo's plan a direction, an initiative, a project, a scale, a number
# field and an indicator. The demo's own plan, rounds and answers are changed
# only in ways the targets after them do not mind; answer 10 is submitted, to
# be sent back.
fy=$(date +%Y)
[ "$(date +%-m)" -lt 4 ] && fy=$((fy - 1))
next_fy=$((fy + 1))
if ! {
  bureau=$(made /admin/org/units "kind=bureau&name=sqlmap-a&parent=&create_fy=$fy" /units/) &&
    bureau2=$(made /admin/org/units "kind=bureau&name=sqlmap-b&parent=&create_fy=$fy" /units/) &&
    bureau3=$(made /admin/org/units "kind=bureau&name=sqlmap-g&parent=&create_fy=$fy" /units/) &&
    section=$(made /admin/org/units "kind=section&name=sqlmap-c&parent=$bureau&create_fy=$fy" /units/) &&
    section2=$(made /admin/org/units "kind=section&name=sqlmap-d&parent=$bureau&create_fy=$fy" /units/) &&
    direction=$(made /plans/1/directions "label=9&title=sqlmap" '#d-') &&
    direction2=$(made /plans/1/directions "label=10&title=sqlmap" '#d-') &&
    initiative=$(made /plans/1/initiatives "direction_id=$direction&number=9-1&title=sqlmap&content=" '#i-') &&
    project=$(made /plans/1/projects \
      "initiative_id=$initiative&section_id=3&name=sqlmap-1&summary=&baseline=&from_fy=2020&to_fy=" '#p-') &&
    scale=$(made /plans/1/scales "name=sqlmap&g_order=1&g_code=A&g_label=good&g_points=3&g_desc=" '#s-') &&
    field=$(made /plans/1/fields \
      "label=sqlmap&kind=number&max_chars=&unit=cases&scale_id=&checkpoint=end&example=" '#f-') &&
    indicator=$(made /plans/1/indicators \
      "name=sqlmap&unit=cases&baseline=1&baseline_fy=2019&target=2&target_fy=2023&better=higher&field_id=$field&project_id=0&initiative_id=0" '#ind-') &&
    version=$(curl -s -H "Cookie: $admin_cookie" "$base/answers/10" |
      sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p') &&
    [ -n "$(post /answers/10 "version=$version&f1=text&f2=text&f3=text&action=submit")" ]
}; then
  setup_failed "could not make the things the forms change"
fi

# A form that makes something makes one for nearly every request sqlmap sends
# (hundreds): each gets a plan of its own, with a direction, an initiative
# and a number field in it, so that what it makes does not slow down the
# pages of the targets after it.
own_plan() {
  own=$(made /plans "title=sqlmap&from_fy=2019&to_fy=2023&level1=a&level2=b" /plans/) &&
    own_direction=$(made "/plans/$own/directions" "label=1&title=sqlmap" '#d-') &&
    own_initiative=$(made "/plans/$own/initiatives" \
      "direction_id=$own_direction&number=1&title=sqlmap&content=" '#i-') &&
    own_field=$(made "/plans/$own/fields" \
      "label=sqlmap&kind=number&max_chars=&unit=cases&scale_id=&checkpoint=end&example=" '#f-') &&
    return
  setup_failed "could not make a plan"
}

# --- Targets ---------------------------------------------------------------------
# target WHO METHOD URL [BODY [SQLMAP OPTIONS]]: WHO is anon, admin, self (the
# editor), login (the login form's cookie) or api (the bearer token; BODY is
# JSON). Form bodies get the session's csrf field, which is not tested (it is
# checked before anything else). Two lanes run side by side, each in order:
# lane 1 has the demo's plan (what its pages show, then what changes it),
# lane 2 everything else (the organisation, accounts, plans of their own), so
# that neither changes a page the other is reading. In each, what reads comes
# first and what removes, closes, merges or copies comes last.
t_lane=() t_who=() t_method=() t_url=() t_body=() t_opts=()
target() {
  t_lane+=("$lane") t_who+=("$1") t_method+=("$2") t_url+=("$3") t_body+=("${4:-}") t_opts+=("${5:-}")
}

lane=1
# Anonymous: the sheet with every filter, its downloads, the API, the login page.
target anon GET "/plans/1/sheet?years=2020&direction=1&bureau=2&section=3&era=western&examples=1&lang=en"
target anon GET "/plans/1/sheet.csv?what=summary&encoding=cp932&replace=X&years=2020&direction=1"
target anon GET "/plans/1/sheet.xlsx?years=2020&era=western"
target anon GET "/plans/1/sheet.pdf?years=2020"
target anon GET "/plans/1/sheet.html?years=2020&examples=1"
target anon GET "/api/v1/plans/1/sheet?years=2020&direction=1&bureau=2&section=3&era=western"
target anon GET "/api/v1/plans/1/indicators?years=2020"
target anon GET "/login?next=/plans/1/sheet"
# Signed in: what only the secretariat reads, the audit log's filters, an
# answer's history.
target admin GET "/plans/1/sheet?years=2020&answers=all"
target admin GET "/audit?actor=admin&plan=1&project=1&from=2020-04-01&to=2030-03-31&page=1"
target admin GET "/answers/9/history?field=1&compare=last_year"
# The plan's things changed.
target admin POST "/directions/$direction" "label=9&title=sqlmap-2"
target admin POST "/initiatives/$initiative" \
  "direction_id=$direction&number=9-1&title=sqlmap-2&content=text&bureau=2"
target api POST "/api/v1/initiatives/$initiative" \
  "{\"direction_id\":$direction,\"number\":\"9-1\",\"title\":\"sqlmap-3\",\"content\":\"text\"}"
target admin POST "/projects/$project/edit" \
  "plan_id=1&section_id=3&name=sqlmap-2&summary=text&from_fy=2020&to_fy=2023"
target admin POST "/initiatives/$initiative/links" "project_id=1&baseline=text"
target admin POST "/scales/$scale" "name=sqlmap-2&g_order=1&g_code=A&g_label=good&g_points=3&g_desc=text"
target admin POST "/fields/$field" \
  "label=sqlmap-2&kind=number&max_chars=&unit=cases&scale_id=&checkpoint=end&required=1&example=text"
target admin POST "/indicators/$indicator" \
  "name=sqlmap-2&unit=cases&baseline=1&baseline_fy=2019&target=2&target_fy=2023&better=lower&field_id=$field&project_id=0&initiative_id=0"
target admin POST /plans/1 \
  "title=sqlmap&subtitle=text&from_fy=2019&to_fy=2023&period_label=text&level1=text&level2=text&chapter_label=text&baseline_label=text&related_label=text&progress_label=text"
# The answer form carries the version it was made from: sqlmap reads it
# afresh from the form before each request (as it would a CSRF token).
target admin POST /answers/9 "version=0&f1=text&f2=text&f3=text&action=save" \
  "--csrf-token=version --csrf-url=$base/answers/9"
# Sent back once; the requests after that find it sent back already (409).
target admin POST /answers/10/return "comment=text"
target admin POST /plans/1/rounds \
  "year=2022&checkpoint=end&doc_no=sqlmap&inquiry_date=2023-03-01&deadline=2023-04-30&instructions=text"
target admin POST /rounds/3/extend "deadline=2027-06-30"
target admin POST /rounds/3/publish "level=1"
target admin POST /plans/1/review-stage "on=1&back=3"
# Forms that make things, in plans of their own.
own_plan
target admin POST "/plans/$own/fields" \
  "label=sqlmap-2&kind=text&max_chars=200&unit=&scale_id=&checkpoint=end&required=1&example=text"
own_plan
target admin POST "/plans/$own/indicators" \
  "name=sqlmap&unit=cases&baseline=1&baseline_fy=2019&target=2&target_fy=2023&better=higher&field_id=$own_field&project_id=0&initiative_id=$own_initiative"
# Last: what moves, retires or copies.
target admin POST "/directions/$direction2/move" "delta=1"
target admin POST "/initiatives/$initiative/move" "delta=1"
target admin POST "/fields/$field/move" "delta=1"
target admin POST "/indicators/$indicator/move" "delta=1"
target admin POST "/directions/$direction2/retire" "fy=2022"
target admin POST "/initiatives/$initiative/retire" "fy=2022"
target admin POST "/fields/$field/retire" "retired=1"
target admin POST /plans/1/copy "title=sqlmap&from_fy=2024&to_fy=2028"

lane=2
# The organisation by year.
target admin GET "/admin/org?fy=2021"
target admin GET "/admin/org/units/3?fy=2021"
# Accounts.
target admin POST /admin/users/6 "name=sqlmap&email=sqlmap@example.org"
target admin POST /admin/users/6/grants "role=viewer&plan=1&unit="
target admin POST "/admin/users/$service/tokens" "name=sqlmap&days=30"
target admin POST /admin/users/6/password "password=sqlmap-password-2"
target self POST /account/lang "language=en"
target self POST /account/password \
  "current=wrong-password&new=sqlmap-password-3&confirm=sqlmap-password-3"
target admin POST /account/tokens "name=sqlmap&days=30"
# The organisation changed, from the next fiscal year (a project of a plan of
# its own in the section whose projects move).
own_plan
org_project=$(made "/plans/$own/projects" \
  "initiative_id=$own_initiative&section_id=$section&name=sqlmap-6&summary=&baseline=&from_fy=2020&to_fy=" '#p-') ||
  setup_failed "could not make a project"
target admin POST "/admin/org/units/$bureau/rename" "name=sqlmap-e&rename_fy=$next_fy"
target admin POST "/admin/org/units/$bureau/reorder" "fy=$next_fy&step=down"
target admin POST "/admin/org/units/$section/move" "parent=$bureau2&move_fy=$next_fy"
target admin POST "/admin/org/units/$section/projects" \
  "project=$org_project&target=$section2&projects_fy=$next_fy"
target admin POST /admin/org/units "kind=section&name=sqlmap-f&parent=$bureau&create_fy=$fy"
# Forms that make things, in plans of their own.
own_plan
target api POST "/api/v1/plans/$own/directions" '{"label":"2","title":"sqlmap"}'
own_plan
target admin POST "/plans/$own/directions" "label=2&title=sqlmap"
own_plan
target admin POST "/plans/$own/initiatives" \
  "direction_id=$own_direction&number=2&title=sqlmap&content=text&bureau=2"
own_plan
target admin POST "/plans/$own/initiatives/bulk" "lines=sqlmap%092%09sqlmap%09text"
own_plan
target api POST "/api/v1/plans/$own/projects" \
  "{\"initiative_id\":$own_initiative,\"section_id\":3,\"name\":\"sqlmap-3\",\"summary\":\"text\",\"baseline\":\"text\",\"from_fy\":2020,\"to_fy\":2023}"
own_plan
target admin POST "/plans/$own/projects" \
  "initiative_id=$own_initiative&section_id=3&name=sqlmap-4&summary=text&baseline=text&from_fy=2020&to_fy=2023"
own_plan
# 1, 健康福祉局, 障害企画課, sqlmap-5, text: the initiative's number, bureau,
# section, project and summary.
target admin POST "/plans/$own/projects/bulk" \
  "lines=1%09%E5%81%A5%E5%BA%B7%E7%A6%8F%E7%A5%89%E5%B1%80%09%E9%9A%9C%E5%AE%B3%E4%BC%81%E7%94%BB%E8%AA%B2%09sqlmap-5%09text"
own_plan
target admin POST "/plans/$own/scales" "name=sqlmap&g_order=1&g_code=A&g_label=good&g_points=3&g_desc=text"
target admin POST /admin/users "login=sqlmap&name=sqlmap&password=sqlmap-password-1"
# After every sign-in above: twenty failed logins from one address refuse the
# next ones for a while.
target login POST /login "login=iin&password=wrong&next=/" --ignore-code=401,429
# Last: what merges, closes, or makes plans (listed on other pages).
target admin POST "/admin/org/units/$section2/merge" "into=$section&merge_fy=$next_fy"
target admin POST "/admin/org/units/$bureau3/close" "close_fy=$next_fy"
target admin POST /plans \
  "title=sqlmap&subtitle=text&from_fy=2024&to_fy=2028&period_label=text&level1=text&level2=text&chapter_label=text&baseline_label=text&related_label=text&progress_label=text"
# Not targets: POST /logout; the POSTs whose only input is the path's ids,
# which the router takes as digits or not at all (confirm, approve, close,
# reopen, remind, submit-all, renumber, disable, enable, the revokes and
# removes); the uploads (multipart files: /imports, /rounds/{id}/upload,
# fuzzed by scripts/fuzz) and the import steps after an upload; the flags
# pages only test for presence (saved=1 and the like); static assets.

# --- Running sqlmap on each --------------------------------------------------------

# The parameters a target has: its query's and form's names, or its JSON keys
# (not the csrf field, nor a field sqlmap reads afresh as a token).
params_of() {
  local i=$1 q=${t_url[$1]} token
  token=$(sed -n 's/.*--csrf-token=\([a-z_]*\).*/\1/p' <<<"${t_opts[$i]}")
  {
    [[ $q == *\?* ]] && tr '&' '\n' <<<"${q#*\?}" | sed 's/=.*//'
    if [ "${t_who[$i]}" = api ]; then
      grep -o '"[a-z_0-9]*":' <<<"${t_body[$i]}" | tr -d '":'
    elif [ -n "${t_body[$i]}" ]; then
      tr '&' '\n' <<<"${t_body[$i]}" | sed 's/=.*//'
    fi
  } | grep -vxE "csrf${token:+|$token}"
}

# Runs target $1 within $2 seconds; prints one line (more when it failed).
run_target() {
  local i=$1 share=$2 who=${t_who[$1]} method=${t_method[$1]} url=${t_url[$1]} body=${t_body[$1]}
  local label="${t_who[$1]} ${t_method[$1]} ${t_url[$1]}" nparams headers start rc took
  local requests first errors tested why="" details="" found args
  nparams=$(params_of "$i" | wc -l)
  args=(--batch --disable-coloring --flush-session --skip-waf --ignore-redirects --dbms=SQLite
    --level="$level" --risk=1 --timeout=10 --retries=1 --skip=csrf
    --output-dir="$tmp/out.$i" -t "$tmp/traffic.$i" -u "$base$url")
  headers="Origin: $base"
  case $who in
    admin) args+=(--cookie="$admin_cookie" --drop-set-cookie) ;;
    self) args+=(--cookie="$self_cookie" --drop-set-cookie) ;;
    login) args+=(--cookie="$pre_cookie" --drop-set-cookie) ;;
    api) headers+="\\nAuthorization: Bearer $api_token" ;;
  esac
  if [ "$method" = POST ]; then
    args+=(--headers="$headers")
    case $who in
      admin) args+=(--data="csrf=$admin_token&$body") ;;
      self) args+=(--data="csrf=$self_token&$body") ;;
      login) args+=(--data="csrf=$pre_token&$body") ;;
      api) args+=(--data="$body") ;;
    esac
  fi
  # shellcheck disable=SC2206 # the options are words
  [ -n "${t_opts[$i]}" ] && args+=(${t_opts[$i]})
  start=$SECONDS
  HOME=$tmp TERM=dumb timeout -k 5 "$share" sqlmap "${args[@]}" </dev/null >"$tmp/run.$i" 2>&1
  rc=$?
  took=$((SECONDS - start))
  requests=$(grep -c '^HTTP request \[#' "$tmp/traffic.$i" 2>/dev/null)
  first=$(sed -n 's/^HTTP response \[#1\] (\([0-9]*\).*/\1/p' "$tmp/traffic.$i" 2>/dev/null)
  errors=$(grep -cE '^HTTP response \[#[0-9]+\] \(5[0-9][0-9]' "$tmp/traffic.$i" 2>/dev/null)
  tested=$(grep -oE "testing for SQL injection on .*parameter '[^']*'" "$tmp/run.$i" | sort -u | wc -l)
  # What sqlmap confirms, and a database's error message in a page; not its
  # other guesses ("might be injectable" when an error page looks like
  # another) nor the candidates it drops itself ("false positive").
  if grep -qE "is vulnerable|identified the following injection point" "$tmp/run.$i"; then
    why="sqlmap found an injection"
    details=$(grep -E '^(Parameter|    Type|    Payload): ' "$tmp/run.$i" | head -6)
  elif found=$(grep -E "possible DBMS:|parsed DBMS error" "$tmp/run.$i"); then
    why="a database's error message in a page"
    details=$(head -2 <<<"$found")
  elif [ "${errors:-0}" -gt 0 ]; then
    first=$(sed -n 's/^HTTP response \[#\([0-9]*\)\] (5.*/\1/p' "$tmp/traffic.$i" | head -1)
    why="$errors answers 5xx"
    details="the first to: $(grep -A1 "^HTTP request \[#$first\]:" "$tmp/traffic.$i" | tail -1)"
  elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    why="did not finish in ${share}s"
  elif ! grep -q "all tested parameters do not appear to be injectable" "$tmp/run.$i"; then
    why="sqlmap did not finish testing: $(grep -E '\[(CRITICAL|ERROR)\]' "$tmp/run.$i" | head -1)"
  elif [ "$tested" -lt "$nparams" ]; then
    why="sqlmap tested $tested of its $nparams parameters"
  fi
  if ! kill -0 "$server" 2>/dev/null || [ "$(curl -s -o /dev/null -w '%{http_code}' -m 10 "$base/")" != 200 ]; then
    why="${why:+$why; }the server no longer answers"
  fi
  if [ -z "$why" ]; then
    echo "  ok       $label ($tested parameters, $requests requests, first answer ${first:-none}, ${took}s)"
  else
    echo "  FAILED   $label: $why"
    [ -n "$details" ] || details=$(grep -E '\[(ERROR|CRITICAL)\]' "$tmp/run.$i" | tail -3)
    [ -z "$details" ] || printf '%s\n' "$details" | sed 's/^ */      /'
  fi
}

# How many parameters sqlmap tests in target $1: its own, and from --level 2
# the session's cookie, from --level 3 the User-Agent and Referer headers.
tested_in() {
  local p
  p=$(params_of "$1" | wc -l)
  [ "$level" -ge 2 ] && [[ ${t_who[$1]} == @(admin|self|login) ]] && p=$((p + 1))
  [ "$level" -ge 3 ] && p=$((p + 2))
  echo "$p"
}
# About what target $1 needs, in seconds: 3 to start and 1.5 a parameter at
# --level 1, and as much again for each level above.
needs() { echo $((level * (6 + 3 * $(tested_in "$1")) / 2)); }

# Runs the targets of lane $1 in order. Each may take the time left but what
# the targets after it need; and at least its share of the time left by
# weight (its parameters, and one for starting), twice over. One whose time
# is less than it needs is not run.
run_lane() {
  local i weight left share fair need left_weight=0 reserve=0
  for ((i = 0; i < n; i++)); do
    [ "${t_lane[$i]}" = "$1" ] || continue
    left_weight=$((left_weight + 1 + $(tested_in "$i")))
    reserve=$((reserve + $(needs "$i")))
  done
  for ((i = 0; i < n; i++)); do
    [ "${t_lane[$i]}" = "$1" ] || continue
    weight=$((1 + $(tested_in "$i")))
    need=$(needs "$i")
    reserve=$((reserve - need))
    left=$((budget - SECONDS - 3))
    fair=$((left * weight * 2 / left_weight + 5))
    left_weight=$((left_weight - weight))
    share=$((left - reserve))
    [ "$share" -lt "$fair" ] && share=$fair
    [ "$share" -gt "$left" ] && share=$left
    if ! kill -0 "$server" 2>/dev/null; then
      echo "  not run  ${t_who[$i]} ${t_method[$i]} ${t_url[$i]} (the server died)"
    elif [ "$share" -lt "$need" ]; then
      echo "  not run  ${t_who[$i]} ${t_method[$i]} ${t_url[$i]} (${left}s left)"
    else
      run_target "$i" "$share"
    fi
  done
}

n=${#t_url[@]}
echo "  $n targets in two lanes, sqlmap --level $level, $budget s"
run_lane 1 >"$tmp/lane.1" 2>&1 &
lane1=$!
run_lane 2 >"$tmp/lane.2" 2>&1 &
lane2=$!
wait "$lane1" "$lane2"
cat "$tmp/lane.1" "$tmp/lane.2"
passed=$(grep -c '^  ok ' "$tmp/lane.1" "$tmp/lane.2" | awk -F: '{s += $2} END {print s + 0}')
failed=$(grep -c '^  FAILED ' "$tmp/lane.1" "$tmp/lane.2" | awk -F: '{s += $2} END {print s + 0}')
not_run=$(grep -c '^  not run .*s left)$' "$tmp/lane.1" "$tmp/lane.2" | awk -F: '{s += $2} END {print s + 0}')
if ! kill -0 "$server" 2>/dev/null; then
  echo "  the server died:"
  tail -5 "$tmp/server.log" | sed 's/^/      /'
  failed=$((failed + 1))
fi
[ "$not_run" -eq 0 ] || echo "  $not_run targets not run for lack of time (more: sqlmap.sh BINARY SECONDS)"
echo "  $((SECONDS))s in all"
echo "sqlmap: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
