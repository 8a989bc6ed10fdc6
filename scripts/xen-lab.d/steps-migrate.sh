# The migrate family of the Xen lab, sourced by dom0-init.sh (whose helpers it uses: step, note,
# start_guest, guest_running, heartbeat_counter, guest_carries_on, java_once, jvm_crashed,
# xl_dmesg_faults, livemig_row, compare_tool, cfg_type, secs). On a running guest, the steps
# named after its type T (pvh for pvh.cfg, pv for pv.cfg; the PVH guest runs all three,
# migrate_steps, the PV guest livemig-migrate-pv, steps-pv.sh):
#   livemig-migrate-fail-T   a migration the policy aborts and one whose receiver is killed
#                            mid-stream: the source runs on, the destination has no domain
#   livemig-migrate-T        livemig migrate to localhost's stock xl migrate-receive over an
#                            ssh stand-in, as xl migrate does: the guest runs on under its name
#                            at the destination, its memory check finds nothing wrong, the
#                            source is gone
#   livemig-migrate-relay-T  the same through livemig relay, with mutual TLS
#   auto-converge-T          over a link slower than the guest dirties its memory: without
#                            --auto-converge the migration never converges and aborts at its
#                            deadline, the source running on with its scheduler cap unchanged;
#                            with it, the throttled guest converges and runs on at the
#                            destination with the cap of its config
# and the downtime as the guest sees it: its ticker prints "LIVEMIG TICK n ms=M" every 20 ms
# (guest-writer.c), dom0 stamps each line as it arrives, and the longest gap between two
# arrivals while a migration runs is that downtime, for xl migrate (xen_stream_steps) and for
# livemig migrate alike, in the COMPARE lines.
#
# Console logs: xenconsoled names a guest's log after the domain's name when it first sees the
# domain, so the destination of a migration to localhost writes guest-NAME--incoming.log even
# after xl renamed it NAME. adopt_destination_log gives that file the guest's usual name, for
# the checks that follow.

LAB_MIGRATE_TIMEOUT=${LAB_MIGRATE_TIMEOUT:-240}
LAB_RELAY_START_TIMEOUT=${LAB_RELAY_START_TIMEOUT:-120}
# How long the source's log is stamped before a migration starts: the gaps the guest shows
# without a migration under emulation, for comparison.
TICKS_LEAD=3

# --- the guest-seen downtime

TICKS_FILE= TICKS_TAIL= TICKS_STAMPER=
# ticks_start NAME FILE: stamps every tick line of the source's and the destination's console
# logs as it arrives: "EPOCH.MICROS src|dst N ms=M" lines in FILE.
ticks_start() {
  local name=$1 fd
  TICKS_FILE=$2
  exec {fd}< <(exec tail -F -v -n 0 -s 0.02 "$CONSOLE_LOGS/guest-$name.log" "$CONSOLE_LOGS/guest-$name--incoming.log" 2>/dev/null)
  TICKS_TAIL=$!
  ticks_stamp <&$fd > "$TICKS_FILE" &
  TICKS_STAMPER=$!
  exec {fd}<&-
}
ticks_stamp() {
  local line side=src
  while IFS= read -r line; do
    case $line in
      "==> "*"--incoming.log <==") side=dst ;;
      "==> "*" <==") side=src ;;
      *"LIVEMIG TICK "*) printf '%s %s %s\n' "$EPOCHREALTIME" "$side" "${line#*LIVEMIG TICK }" ;;
    esac
  done
}
ticks_stop() {
  [ -n "$TICKS_TAIL" ] && kill "$TICKS_TAIL" 2>/dev/null
  [ -n "$TICKS_STAMPER" ] && wait "$TICKS_STAMPER" 2>/dev/null
  TICKS_TAIL= TICKS_STAMPER=
}

# guest_gaps FILE T0 T1: what the guest's ticks show about [T0, T1] (epoch seconds): sets
# GAP_MS (the longest gap between two arrivals in the window, ms), GAP_WHERE (where it lies),
# SWITCH_MS (from the source's last tick to the destination's first, ms, empty when the guest
# did not move), GUEST_CLOCK_MS (the guest's own clock across that switch), LEAD_MS (the longest
# gap before T0, while nothing migrated).
guest_gaps() {
  local r
  r=$(awk -v t0="$2" -v t1="$3" '
    { t = $1; side = $2; ms = substr($4, 4) + 0 }
    NR > 1 && t >= t0 && pt <= t1 {
      gap = (t - pt) * 1000
      if (gap > best) { best = gap; where = (side != pside ? "at the switch to the destination" : (side == "src" ? "on the source" : "on the destination")) }
    }
    NR > 1 && t < t0 { if ((t - pt) * 1000 > lead) lead = (t - pt) * 1000 }
    NR > 1 && side == "dst" && pside == "src" && sw == "" { sw = (t - pt) * 1000; clock = ms - pms }
    { pt = t; pside = side; pms = ms }
    END { printf "%.0f|%s|%s|%s|%.0f\n", best, where, (sw == "" ? "" : sprintf("%.0f", sw)), (sw == "" ? "" : clock), lead }
  ' "$1")
  IFS='|' read -r GAP_MS GAP_WHERE SWITCH_MS GUEST_CLOCK_MS LEAD_MS <<< "$r"
}

# guest_seen FILE T0 T1: one phrase for a step's detail and the COMPARE row; fails when the
# guest's ticks were not seen at both ends (then there is no figure to give).
guest_seen() {
  guest_gaps "$@"
  if [ -z "$SWITCH_MS" ]; then
    GUEST_SEEN="no guest-seen downtime: dom0 saw $(grep -c ' src ' "$1") ticks from the source and $(grep -c ' dst ' "$1") from the destination"
    return 1
  fi
  GUEST_SEEN="the guest saw ${GAP_MS} ms without a tick (${GAP_WHERE:-?}; the switch took $SWITCH_MS ms by dom0's stamps,"
  GUEST_SEEN="$GUEST_SEEN $GUEST_CLOCK_MS ms by the guest's own clock; before the migration at most ${LEAD_MS} ms, ticks every 20 ms)"
}

# --- guests and domains

# adopt_destination_log NAME: the destination's console log becomes guest-NAME.log (the same
# open file, renamed: xenconsoled writes on into it); the source's is kept beside it.
adopt_destination_log() {
  local log=$CONSOLE_LOGS/guest-$1.log incoming=$CONSOLE_LOGS/guest-$1--incoming.log
  [ -f "$incoming" ] || return 0
  [ -f "$log" ] && mv "$log" "$log.migrated-away-$(date +%s)"
  mv "$incoming" "$log"
}

# set_incoming_log_aside NAME: an earlier migration's destination log must not be mistaken for
# this one's.
set_incoming_log_aside() {
  local incoming=$CONSOLE_LOGS/guest-$1--incoming.log
  [ -f "$incoming" ] && mv "$incoming" "$incoming.before-$(date +%s)"
  return 0
}

# other_domains NAME: the names of NAME's migration leftovers that exist (NAME--incoming, NAME--migratedaway).
other_domains() {
  local d found=
  for d in "$1--incoming" "$1--migratedaway"; do
    xl domid "$d" >/dev/null 2>&1 && found="$found $d"
  done
  echo "${found# }"
}

# no_leftovers NAME SECONDS: waits until NAME has no migration leftovers (a receiver that
# failed destroys its domain as it exits); sets LEFTOVERS to those still there.
no_leftovers() {
  local i=0
  LEFTOVERS=$(other_domains "$1")
  while [ -n "$LEFTOVERS" ] && [ $i -lt "$2" ]; do
    sleep 1; i=$((i + 1))
    LEFTOVERS=$(other_domains "$1")
  done
  [ -z "$LEFTOVERS" ]
}

# fresh_guest NAME CFG [STEP]: destroys NAME and its leftovers and starts it again, as step
# STEP (default T-guest-again, T the guest's type: cfg_type CFG).
fresh_guest() {
  local d
  for d in "$1" "$1--incoming" "$1--migratedaway"; do timeout 60 xl destroy "$d" >/dev/null 2>&1; done
  set_incoming_log_aside "$1"
  start_guest "${3:-$(cfg_type "$2")-guest-again}" "$1" "$2"
}

# guest_runs_on NAME AFTER: the source guest runs on where it was: a heartbeat whose counter is
# above AFTER (the last one when the migration ended) with no page found wrong so far.
guest_runs_on() {
  local name=$1 after=$2 log=$CONSOLE_LOGS/guest-$1.log i=0 counter failed
  RUNS_DETAIL=
  while [ $i -lt $LAB_RESUME_TIMEOUT ]; do
    if grep -a -q "LIVEMIG GUEST CHECK FAILED" "$log" 2>/dev/null; then
      RUNS_DETAIL="the guest found its memory changed: $(grep -a -m 1 'CHECK FAILED' "$log" | cut -c1-100)"
      return 1
    fi
    read -r counter failed <<< "$(grep -a -o 'LIVEMIG GUEST counter=[0-9]* checked=[0-9]* failed=[0-9]*' "$log" 2>/dev/null \
      | tail -n 1 | sed 's/.*counter=\([0-9]*\) checked=[0-9]* failed=\([0-9]*\)/\1 \2/')"
    if [ -n "$counter" ] && [ "$counter" -gt "$after" ]; then
      if [ "$failed" = 0 ]; then
        RUNS_DETAIL="its counter went on from $after to $counter, 0 pages wrong"
        return 0
      fi
      RUNS_DETAIL="its check found $failed pages wrong"
      return 1
    fi
    if ! guest_running "$name"; then
      RUNS_DETAIL="the guest is not running: $(xl list "$name" 2>&1 | tail -n 1 | tr -s ' ' | cut -c1-80)"
      return 1
    fi
    i=$((i + 1)); sleep 1
  done
  RUNS_DETAIL="no new heartbeat within $LAB_RESUME_TIMEOUT s"
  return 1
}

# --- one livemig migrate

# How many attempts a migration step may make when emulation faults explain the failures.
MIGRATE_ATTEMPTS=3

# once_more STEP ATTEMPT NAME CFG FAULTS: true, with a fresh guest started, when attempt ATTEMPT
# (not the last) of a migration failed and an emulation fault explains it: the JVM crashed, or a
# guest triple-faulted since the attempt began (FAULTS: xl_dmesg_faults then; the guest may die
# while a JVM starts, before the migration looks at it). Worth another attempt.
once_more() {
  [ "$MIGRATE_RC" != 0 ] && [ "$2" -lt $MIGRATE_ATTEMPTS ] || return 1
  [ -n "$MIGRATE_FAULTED" ] || [ "$(xl_dmesg_faults)" -gt "$5" ] || return 1
  note "$1: ${MIGRATE_FAULTED:-a guest triple-faulted under emulation}: once more on a fresh guest"
  fresh_guest "$3" "$4"
  return 0
}

# migrate_run STEP NAME ARGS...: `livemig migrate ARGS...` of the running guest NAME, its ticks
# stamped; output in $OUT/STEP.txt. Sets MIGRATE_RC, MIGRATE_T0, MIGRATE_T1, MIGRATE_FAULTED
# (the JVM crashed under emulation, or a guest triple-faulted meanwhile: worth one more try).
migrate_run() {
  local step=$1 name=$2 faults
  shift 2
  set_incoming_log_aside "$name"
  faults=$(xl_dmesg_faults)
  ticks_start "$name" "$OUT/$step-ticks.txt"
  sleep $TICKS_LEAD
  MIGRATE_T0=$EPOCHREALTIME
  java_once "$OUT/$step.txt" $LAB_MIGRATE_TIMEOUT $LIVEMIG_CLI migrate "$@"
  MIGRATE_RC=$JAVA_RC
  MIGRATE_T1=$EPOCHREALTIME
  sleep 2  # the destination's first ticks
  ticks_stop
  MIGRATE_FAULTED=
  if jvm_crashed "$OUT/$step.txt"; then
    MIGRATE_FAULTED="the JVM crashed under emulation"
  elif [ "$(xl_dmesg_faults)" -gt "$faults" ]; then
    MIGRATE_FAULTED="a guest triple-faulted under emulation"
  fi
  return 0
}

# migrated_verdict STEP HOW PASS_DETAIL: after migrate_attempts, for a migration that exited 0:
# its COMPARE row and the step's verdict from migrated_checks' (CHECK_RC, MIGRATED_DETAIL); a
# migration whose downtime the guest's ticks cannot tell fails too. STEP's name ends with the
# guest's type.
migrated_verdict() {
  local step=$1 how=$2 detail=$3 seen=0
  guest_seen "$OUT/$step-ticks.txt" "$MIGRATE_T0" "$MIGRATE_T1" || seen=1
  livemig_row "$OUT/$step.txt" "$(compare_tool "${step##*-}" "livemig migrate ($how)")" live "$(secs $MIGRATE_T0 $MIGRATE_T1)" "$GUEST_SEEN" >> $OUT/compare.txt
  if [ "$CHECK_RC" != 0 ]; then
    step $step FAIL "rc 0, but $MIGRATED_DETAIL$RETRIED"
  elif [ $seen != 0 ]; then
    step $step FAIL "migrated ($MIGRATED_DETAIL), but $GUEST_SEEN$RETRIED"
  else
    step $step PASS "$detail; $MIGRATED_DETAIL; $GUEST_SEEN$RETRIED"
  fi
}

# migrate_attempts STEP NAME CFG RUN...: RUN (migrate_run or relay_migrate_once, with its
# arguments) on the running guest NAME, then migrated_checks when it exited 0. Another attempt,
# on a fresh guest, when an emulation fault explains the failure: a JVM crash or a triple fault
# during the migration (once_more), or the migrated guest triple-faulting before its checks
# passed (workaround 8); at most MIGRATE_ATTEMPTS in all (a CI run once met two faults in a row
# in one step: the fresh guest of the second attempt died too). Sets CHECK_RC, RETRIED and what
# RUN sets; returns RUN's failure
# (the relay never listened) or no running guest (MIGRATE_RC=no-guest) as 1.
migrate_attempts() {
  local step=$1 name=$2 cfg=$3 attempt faults old before
  shift 3
  RETRIED= CHECK_RC=1
  for attempt in $(seq 1 $MIGRATE_ATTEMPTS); do
    guest_running "$name" || fresh_guest "$name" "$cfg" || { MIGRATE_RC=no-guest; return 1; }
    old=$(xl domid "$name"); before=$(heartbeat_counter "$name")
    faults=$(xl_dmesg_faults)
    "$@" || return 1
    if once_more $step $attempt "$name" "$cfg" "$faults"; then
      RETRIED=", after $attempt emulation fault(s) in earlier attempts"
      continue
    fi
    [ "$MIGRATE_RC" = 0 ] || return 0
    CHECK_RC=0
    migrated_checks "$name" "$old" "$before" || CHECK_RC=1
    if [ $CHECK_RC != 0 ] && [ $attempt -lt $MIGRATE_ATTEMPTS ] && [ "$(xl_dmesg_faults)" -gt "$faults" ]; then
      note "$step: the migrated guest triple-faulted under emulation ($MIGRATED_DETAIL): once more on a fresh guest"
      RETRIED=", after attempt $attempt's guest triple-faulted under emulation"
      fresh_guest "$name" "$cfg"
      continue
    fi
    return 0
  done
}

# migrated_checks NAME OLD_DOMID BEFORE: after a migration that exited 0: the guest runs under
# NAME with another domid, nothing is left of the source or of the receiver's temporary name,
# and the guest carries on at the destination (guest_carries_on). Sets MIGRATED_DETAIL.
migrated_checks() {
  local name=$1 old=$2 before=$3 domid
  MIGRATED_DETAIL=
  domid=$(xl domid "$name" 2>/dev/null)
  if [ -z "$domid" ]; then
    MIGRATED_DETAIL="no domain $name after the migration; there are: $(xl list 2>/dev/null | awk 'NR > 1 { printf "%s%s (%s)", s, $1, $2; s = ", " }')"
    return 1
  fi
  if [ "$domid" = "$old" ]; then MIGRATED_DETAIL="$name is still domid $old: it did not move"; return 1; fi
  if ! no_leftovers "$name" 30; then MIGRATED_DETAIL="left behind: $LEFTOVERS"; return 1; fi
  adopt_destination_log "$name"
  DOMID=$domid
  if ! guest_carries_on "$name" "$before"; then MIGRATED_DETAIL="domid $domid: $CARRY_DETAIL"; return 1; fi
  MIGRATED_DETAIL="domid $old -> $domid, the source is gone; $CARRY_DETAIL"
}

# --- the steps

# livemig_migrate_fail_step NAME CFG: two migrations that must fail, each leaving the source
# running where it was and no domain at the destination (step livemig-migrate-fail-T, T the
# guest's type).
livemig_migrate_fail_step() {
  local step=livemig-migrate-fail-$(cfg_type $2) name=$1 cfg=$2 domid after what args details= attempt faults
  for what in abort killed; do
    case $what in
      abort) args=(--policy abort:iteration=2 -s $LAB/xl-capture.sh) ;;
      killed) args=(-s $LAB/receiver-killed.sh) ;;
    esac
    for attempt in 1 2; do
      guest_running "$name" || fresh_guest "$name" "$cfg" || { step $step FAIL "no running guest for the $what case"; return 1; }
      domid=$(xl domid "$name"); faults=$(xl_dmesg_faults)
      migrate_run "$step-$what" "$name" "${args[@]}" "$name" localhost
      [ $MIGRATE_RC = 0 ] && { step $step FAIL "$what: livemig migrate exited 0"; return 1; }
      once_more "$step ($what)" $attempt "$name" "$cfg" "$faults" && continue
      break
    done
    local said
    said=$(grep -a "^livemig migrate: " "$OUT/$step-$what.txt" | tail -n 1)
    case $said in
      *"the source domain $name runs on"*) ;;
      *) step $step FAIL "$what: rc $MIGRATE_RC, no line saying the source runs on: $(grep -a -v '^\s*$' "$OUT/$step-$what.txt" | tail -n 1 | cut -c1-140)"; return 1 ;;
    esac
    if [ "$(xl domid "$name" 2>/dev/null)" != "$domid" ]; then
      step $step FAIL "$what: $name is no longer domid $domid: $(xl list 2>&1 | tail -n +2 | awk '{ print $1 "/" $2 }' | tr '\n' ' ')"
      return 1
    fi
    if ! no_leftovers "$name" 60; then
      step $step FAIL "$what: the destination kept a domain: $LEFTOVERS"
      return 1
    fi
    after=$(heartbeat_counter "$name")
    if ! guest_runs_on "$name" "${after:-0}"; then
      step $step FAIL "$what: the source guest does not run on: $RUNS_DETAIL"
      return 1
    fi
    details="$details; $what (rc $MIGRATE_RC): ${said#livemig migrate: }"
    details="$details; domid $domid runs on, $RUNS_DETAIL, no destination domain"
  done
  step $step PASS "${details#; }"
}

# livemig_migrate_step NAME CFG: over the ssh stand-in xl migrate uses here too (xl-capture.sh);
# step livemig-migrate-T (T the guest's type).
livemig_migrate_step() {
  local step=livemig-migrate-$(cfg_type $2) name=$1 cfg=$2
  if ! migrate_attempts $step "$name" "$cfg" migrate_run $step "$name" -s $LAB/xl-capture.sh "$name" localhost; then
    step $step FAIL "no running guest"
    return 1
  fi
  if [ $MIGRATE_RC != 0 ]; then
    step $step FAIL "livemig migrate rc $MIGRATE_RC: $(grep -a -v '^\s*$' "$OUT/$step.txt" | tail -n 1 | cut -c1-160)$RETRIED"
    return 1
  fi
  migrated_verdict $step "over the ssh stand-in" "rc 0 in $(secs $MIGRATE_T0 $MIGRATE_T1) s"
}

# relay_migrate_once STEP NAME: livemig relay with mutual TLS in front of xl migrate-receive
# (its default command), and livemig migrate --to it. Sets RELAY_RC and what migrate_run sets;
# RELAY_RC is empty when the relay never listened.
relay_migrate_once() {
  local step=$1 name=$2 relay port i tls=$LAB/tls
  RELAY_RC=
  rm -f /tmp/relay.port
  timeout -k 10 $LAB_MIGRATE_TIMEOUT $JAVA $LAB_JVM_OPTIONS $LIVEMIG_CLI relay \
    --listen tcp:127.0.0.1:0 --port-file /tmp/relay.port --accept-timeout 5m \
    --tls-cert $tls/dst.pem --tls-key $tls/dst.key --tls-ca $tls/ca.pem > $OUT/$step-relay.txt 2>&1 &
  relay=$!
  i=0
  while [ ! -s /tmp/relay.port ] && kill -0 $relay 2>/dev/null && [ $i -lt $((LAB_RELAY_START_TIMEOUT * 2)) ]; do
    sleep 0.5; i=$((i + 1))
  done
  port=$(cat /tmp/relay.port 2>/dev/null)
  if [ -z "$port" ]; then
    kill $relay 2>/dev/null; wait $relay
    return 1
  fi
  migrate_run $step "$name" --to tcp:127.0.0.1:$port --tls-cert $tls/src.pem --tls-key $tls/src.key --tls-ca $tls/ca.pem "$name"
  # the relay ends with its command; one the sender never reached is stopped (SIGTERM: one line, exit 1)
  i=0
  while kill -0 $relay 2>/dev/null && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
  kill $relay 2>/dev/null
  wait $relay; RELAY_RC=$?
  cat $OUT/$step-relay.txt
}

# livemig_migrate_relay_step NAME CFG: the migration through the relay, certificates from the
# host (make_image writes them into $LAB/tls); step livemig-migrate-relay-T.
livemig_migrate_relay_step() {
  local step=livemig-migrate-relay-$(cfg_type $2) name=$1 cfg=$2
  if ! migrate_attempts $step "$name" "$cfg" relay_migrate_once $step "$name"; then
    if [ "$MIGRATE_RC" = no-guest ]; then
      step $step FAIL "no running guest"
    else
      step $step FAIL "the relay did not listen within $LAB_RELAY_START_TIMEOUT s: $(tail -n 1 $OUT/$step-relay.txt | cut -c1-140)"
    fi
    return 1
  fi
  if [ $MIGRATE_RC != 0 ]; then
    step $step FAIL "livemig migrate rc $MIGRATE_RC: $(grep -a -v '^\s*$' "$OUT/$step.txt" | tail -n 1 | cut -c1-140)$RETRIED"
    return 1
  fi
  if [ "$RELAY_RC" != 0 ]; then
    step $step FAIL "livemig relay rc $RELAY_RC: $(tail -n 1 $OUT/$step-relay.txt | cut -c1-140)$RETRIED"
    return 1
  fi
  migrated_verdict $step "through livemig relay, mutual TLS" \
    "rc 0 in $(secs $MIGRATE_T0 $MIGRATE_T1) s, relay rc 0 ($(grep -a -o 'mutual TLS: [^)]*' $OUT/$step-relay.txt | head -n 1))"
}

# --- auto-converge

# The link: 8 MiB/s, half of what the guest's writer dirties (its 16 MiB buffer, 4096 pages, is
# rewritten every second, guest-writer.c; ~3 800 dirty pages a second seen under emulation). Each
# live round after the first (128 MiB, 16 s) sends the 16 MiB it finds dirty in 2 s, by when the
# writer has dirtied all of it again, while a downtime of 50 ms lets precopy stop only with
# 0.4 MiB (102 pages) left: the guest converges only if it is slowed below the link.
# Not 300 ms: after a first round of 20-40 s the dirty rate measured is the 16 MiB buffer over
# that whole round (100-200 pages/s, saturated), and the estimate of the next round's leftovers
# at its "after" consultation (that rate times ~2-4 s) fitted 300 ms in one run: an unthrottled
# guest then "converged" with a 2.1 s downtime. 50 ms leaves that estimate 4x or more above it.
LAB_AC_BANDWIDTH=${LAB_AC_BANDWIDTH:-8M}
LAB_AC_DOWNTIME=${LAB_AC_DOWNTIME:-50ms}
# The run without auto-converge lasts this long, and the run with it must converge within it:
# the first round, then a throttle step every two rounds of ~2 s up to 99 % (4 steps), and a
# margin for a slower link under emulation. Measured on a busy host: the first round took 21 s
# and 60 s (2.3 MiB/s) in two runs; the converging save 68 s in all (11 live rounds).
LAB_AC_DEADLINE=${LAB_AC_DEADLINE:-120s}
# The run without auto-converge, the same policy with a shorter deadline: it shows the deadline's
# ABORT leaving the source as it was, which needs no 120 s of log-dirty. Under emulation a guest
# kept in a long live migration triple-faults now and then: in one CI run all three attempts of
# a 120 s run did (the same run's other migrations did not).
LAB_AC_DEADLINE_WITHOUT=${LAB_AC_DEADLINE_WITHOUT:-45s}
# Steeper than QEMU's defaults (initial 20 %, step 10 %: 9 steps to 99 %), so that the step stays
# short under emulation.
LAB_AC_SETTINGS=${LAB_AC_SETTINGS:-initial=40%,step=20%}
# The cap in the step's guest config: 0, none, the default. A throttled cap is at least 1, so the
# destination's 0 still tells the config's from a throttled one. Not 100: in one CI run each of
# three guests given cap = 100 triple-faulted under emulation (one while it booted, two while
# migrated unthrottled), where the uncapped guests of the other steps did not.
LAB_AC_CAP=0
# How often the source's cap is read while a migration runs (xl costs under emulation).
LAB_AC_CAP_POLL=3
LAB_SCHEDULER=

# sched_cap DOMAIN: the cap of DOMAIN (a name or domid) in the host's scheduler, as
# `xl sched-credit2 -d` (or sched-credit) prints it; empty when xl cannot tell.
sched_cap() {
  timeout 30 xl sched-$LAB_SCHEDULER -d "$1" 2>/dev/null | awk 'NR == 2 { print $4 }'
}

# cap_watch_start DOMID FILE, cap_watch_stop: "EPOCH CAP" lines in FILE every LAB_AC_CAP_POLL s
# (by domid: the destination takes the name when the source goes).
CAP_WATCH=
cap_watch_start() {
  local domid=$1 file=$2
  (while :; do echo "$EPOCHSECONDS $(sched_cap "$domid")"; sleep $LAB_AC_CAP_POLL; done) > "$file" 2>/dev/null &
  CAP_WATCH=$!
}
cap_watch_stop() {
  [ -n "$CAP_WATCH" ] && kill $CAP_WATCH 2>/dev/null && wait $CAP_WATCH 2>/dev/null
  CAP_WATCH=
}
# cap_range FILE: "LOWEST..HIGHEST" of the caps read, or "none read".
cap_range() {
  awk 'NF == 2 { if (n++ == 0 || $2 < lo) lo = $2; if (n == 1 || $2 > hi) hi = $2 } END { if (n) print lo ".." hi; else print "none read" }' "$1"
}

# ac_migrate_run STEP NAME ARGS...: migrate_run with the source's cap watched (STEP-caps.txt).
ac_migrate_run() {
  local domid
  domid=$(xl domid "$2" 2>/dev/null)
  cap_watch_start "${domid:-$2}" "$OUT/$1-caps.txt"
  migrate_run "$@"
  cap_watch_stop
}

# live_rounds FILE: how many live rounds `livemig migrate` reported.
live_rounds() { grep -a -c '^round [0-9]*: ' "$1"; }
# top_throttle FILE: the highest throttle its rounds report ("round N: ..., guest throttled P%)"), or 0.
top_throttle() { { grep -a -o 'guest throttled [0-9]*%' "$1" | tr -dc '0-9\n'; echo 0; } | sort -n | tail -n 1; }

# auto_converge_step NAME CFG: step auto-converge-T (T: cfg_type CFG), on a fresh guest of CFG
# with `cap = LAB_AC_CAP` added (auto-converge/CFG: its type stays T), both migrations over the
# ssh stand-in at LAB_AC_BANDWIDTH with --policy downtime=LAB_AC_DOWNTIME,deadline=LAB_AC_DEADLINE:abort
# (LAB_AC_DEADLINE_WITHOUT for the run without):
#   without --auto-converge: exit 1 with the policy's ABORT and the line saying the source runs
#     on; the guest keeps its domid and runs on (its check finds nothing wrong), no destination
#     domain is left, and its cap is what it was;
#   with --auto-converge=LAB_AC_SETTINGS: exit 0, the guest runs on at the destination (as
#     livemig-migrate-T checks it) with the cap of its config, not a throttled one.
# Outputs: STEP-without.txt and STEP.txt (the throttle per round in it and in its --result-file
# STEP-result.properties), the source's cap while each ran in STEP-without-caps.txt and
# STEP-caps.txt. SKIP when the host's scheduler has no caps (the line names it).
auto_converge_step() {
  local type name=$1 cfg=$2 capped step before after domid attempt faults said without
  type=$(cfg_type "$cfg")
  step=auto-converge-$type
  capped=auto-converge/$cfg
  LAB_SCHEDULER=$(sed -n 's/^xen_scheduler *: *//p' $OUT/xl-info.txt | head -n 1)
  case $LAB_SCHEDULER in
    credit|credit2) ;;
    *) step $step SKIP "the host's scheduler is ${LAB_SCHEDULER:-unknown} (xl info): livemig throttles through credit or credit2 caps"
       return 0 ;;
  esac
  java_step $OUT/$step-help.txt 120 "" $LIVEMIG_CLI migrate --help >/dev/null
  if ! grep -a -q -- '--auto-converge' $OUT/$step-help.txt; then
    step $step FAIL "livemig migrate --help does not list --auto-converge (rc $JAVA_RC): the option this step tests is missing"
    return 0
  fi
  mkdir -p $LAB/auto-converge
  { cat $LAB/$cfg; echo "# step $step: the cap the destination must have too (0: none)"; echo "cap = $LAB_AC_CAP"; } > $LAB/$capped
  if ! fresh_guest "$name" "$capped"; then
    step $step FAIL "no running guest of $capped"
    return 1
  fi
  before=$(sched_cap "$name")
  if [ "$before" != "$LAB_AC_CAP" ]; then
    step $step FAIL "the guest of $capped (cap = $LAB_AC_CAP) has the $LAB_SCHEDULER cap '${before}' (xl sched-$LAB_SCHEDULER)"
    return 1
  fi
  local options=(--max-bandwidth "$LAB_AC_BANDWIDTH" --policy "downtime=$LAB_AC_DOWNTIME,deadline=$LAB_AC_DEADLINE:abort")
  local options_without=(--max-bandwidth "$LAB_AC_BANDWIDTH" --policy "downtime=$LAB_AC_DOWNTIME,deadline=$LAB_AC_DEADLINE_WITHOUT:abort")
  # The ssh stand-in without its copy of the stream: the run without auto-converge sends for up to
  # LAB_AC_DEADLINE (once 825 MiB, which filled dom0's disk), and nothing here reads the copy.
  local AC_CAPTURE="env XL_CAPTURE_TO=/dev/null $LAB/xl-capture.sh"

  # Without auto-converge: the deadline's ABORT, the source as it was.
  for attempt in $(seq 1 $MIGRATE_ATTEMPTS); do
    guest_running "$name" || fresh_guest "$name" "$capped" || { step $step FAIL "no running guest for the run without --auto-converge"; return 1; }
    domid=$(xl domid "$name"); faults=$(xl_dmesg_faults)
    ac_migrate_run $step-without "$name" "${options_without[@]}" -s "$AC_CAPTURE" "$name" localhost
    if [ "$MIGRATE_RC" = 0 ]; then
      step $step FAIL "without --auto-converge: livemig migrate exited 0 over a $LAB_AC_BANDWIDTH/s link: the guest converged unthrottled ($(live_rounds $OUT/$step-without.txt) live rounds), the link is not below its dirty rate"
      return 1
    fi
    once_more "$step (without --auto-converge)" $attempt "$name" "$capped" "$faults" && continue
    break
  done
  said=$(grep -a "^livemig migrate: " "$OUT/$step-without.txt" | tail -n 1)
  case $said in
    *ABORT*"the source domain $name runs on"*) ;;
    *) step $step FAIL "without --auto-converge: rc $MIGRATE_RC, not the policy's ABORT with the source running on: $(grep -a -v '^\s*$' "$OUT/$step-without.txt" | tail -n 1 | cut -c1-160)"
       return 1 ;;
  esac
  if [ "$(xl domid "$name" 2>/dev/null)" != "$domid" ]; then
    step $step FAIL "without --auto-converge: $name is no longer domid $domid"
    return 1
  fi
  if ! no_leftovers "$name" 60; then
    step $step FAIL "without --auto-converge: the destination kept a domain: $LEFTOVERS"
    return 1
  fi
  after=$(sched_cap "$name")
  if [ "$after" != "$before" ]; then
    step $step FAIL "without --auto-converge: the source's $LAB_SCHEDULER cap is '$after' after the abort, $before before"
    return 1
  fi
  if ! guest_runs_on "$name" "$(heartbeat_counter "$name")"; then
    step $step FAIL "without --auto-converge: the source guest does not run on: $RUNS_DETAIL"
    return 1
  fi
  without="without --auto-converge: rc $MIGRATE_RC after $(live_rounds $OUT/$step-without.txt) live rounds (throttle $(top_throttle $OUT/$step-without.txt)%) in $(secs $MIGRATE_T0 $MIGRATE_T1) s (${said#livemig migrate: }),"
  without="$without domid $domid runs on ($RUNS_DETAIL), $LAB_SCHEDULER cap $before before and after ($(cap_range $OUT/$step-without-caps.txt) meanwhile)"

  # With auto-converge: converges, and the destination has the config's cap.
  if ! migrate_attempts $step "$name" "$capped" ac_migrate_run $step "$name" "${options[@]}" \
       --auto-converge=$LAB_AC_SETTINGS --result-file $OUT/$step-result.properties -s "$AC_CAPTURE" "$name" localhost; then
    step $step FAIL "$without; with --auto-converge: no running guest"
    return 1
  fi
  if [ "$MIGRATE_RC" != 0 ]; then
    step $step FAIL "$without; with --auto-converge=$LAB_AC_SETTINGS: rc $MIGRATE_RC after $(live_rounds $OUT/$step.txt) live rounds (throttle up to $(top_throttle $OUT/$step.txt)%), the source's cap $(cap_range $OUT/$step-caps.txt): $(grep -a -v '^\s*$' "$OUT/$step.txt" | tail -n 1 | cut -c1-160)$RETRIED"
    return 1
  fi
  if [ "$(top_throttle $OUT/$step.txt)" = 0 ]; then
    step $step FAIL "$without; with --auto-converge=$LAB_AC_SETTINGS: rc 0 after $(live_rounds $OUT/$step.txt) live rounds, but the guest was never throttled: it converged by itself, which shows nothing of auto-converge$RETRIED"
    return 1
  fi
  after=$(sched_cap "$name")
  if [ "$CHECK_RC" = 0 ] && [ "$after" != "$LAB_AC_CAP" ]; then
    step $step FAIL "$without; with --auto-converge: migrated, but the destination's $LAB_SCHEDULER cap is '$after', not its config's $LAB_AC_CAP"
    return 1
  fi
  migrated_verdict $step "auto-converge, $LAB_AC_BANDWIDTH/s link" "$without; with --auto-converge=$LAB_AC_SETTINGS: rc 0 after $(live_rounds $OUT/$step.txt) live rounds (throttle up to $(top_throttle $OUT/$step.txt)%) in $(secs $MIGRATE_T0 $MIGRATE_T1) s, the source's cap $(cap_range $OUT/$step-caps.txt) meanwhile, the destination's $after as configured"
}

# migrate_steps NAME CFG: the family, failures first (the source must still be the guest it was).
# Each successful migration starts from a fresh guest: a guest restored under emulation (by the
# migration before) triple-faults now and then in its first minute (workaround 8), and its
# death would be the previous migration's, not this one's.
migrate_steps() {
  livemig_migrate_fail_step "$1" "$2"
  fresh_guest "$1" "$2"
  livemig_migrate_step "$1" "$2"
  fresh_guest "$1" "$2"
  livemig_migrate_relay_step "$1" "$2"
  auto_converge_step "$1" "$2"
}
