#!/bin/bash
# PID 1 of the lab's dom0 (kernel command line: init=/opt/xenlab/dom0-init.sh). Brings up the
# minimal Xen toolstack, starts the PVH domU, runs the project's Xen integration tests, livemig's
# saves (+ Xen's own stream verifier and xl restore), livemig reading xl save's and xl migrate's
# streams, and livemig migrate against it, then the same against a PV domU (steps-pv.sh) and, when
# lab.conf says so, an HVM domU with QEMU as its device model (steps-hvm.sh), and powers the
# machine off.
#
# Every step ends with one line on the console that scripts/xen-lab reads:
#   XENLAB: STEP <name> PASS|FAIL|SKIP (<detail>)
# and the run ends with "XENLAB: DONE". Outputs go to /xenlab-out (taken out of the image by
# scripts/xen-lab after QEMU exits). Settings come from /opt/xenlab/lab.conf, written by the host.
export PATH=/usr/lib/xen-4.17/bin:/usr/sbin:/usr/bin:/sbin:/bin
LAB=/opt/xenlab
APP=/opt/livemig
JAVA=/opt/jdk/bin/java
# The CLI on the module path, native access granted to module io.livemig alone (java LIVEMIG_CLI ARGS...).
LIVEMIG_CLI="--enable-native-access=io.livemig --module-path $APP/livemig.jar:$APP/lib --add-modules info.picocli --module io.livemig"
OUT=/xenlab-out
CONSOLE_LOGS=/var/log/xen/console
# Pages of the guest writer's buffer (16 MiB, started by domu-init.sh): the tests may require all.
GUEST_PATTERN_PAGES=4096
# Defaults, overridden by lab.conf.
LAB_RUN_PV=1
LAB_ALIVE_TIMEOUT=150
LAB_JUNIT_TIMEOUT=300
LAB_SAVE_TIMEOUT=240
LAB_INSPECT_TIMEOUT=120
LAB_VERIFY_TIMEOUT=240
LAB_EXTRA_TIMEOUT=300
LAB_RESTORE_TIMEOUT=180
LAB_RECEIVE_TIMEOUT=300
# C1 only: no tier-up from C1 to C2 code, so almost no method entry is patched while it runs
# (workaround 7 in README.md), and no C2 compilations, the costliest work of a short JVM under
# emulation.
LAB_JVM_OPTIONS="-XX:TieredStopAtLevel=1"
LAB_RESUME_TIMEOUT=90
[ -f $LAB/lab.conf ] && . $LAB/lab.conf

uptime_s() { cut -d' ' -f1 /proc/uptime; }
note() { echo "XENLAB: $* [uptime $(uptime_s)s]"; }
step() { # step NAME PASS|FAIL|SKIP DETAIL (SKIP: what this machine cannot show, not a failure)
  echo "XENLAB: STEP $1 $2 ($3) [uptime $(uptime_s)s]"
  echo "$1 $2 $3" >> $OUT/steps.txt
}

finish() {
  if [ -s $OUT/compare.txt ]; then
    note "side by side (one run under emulation): tool | mode | rounds (pages per round) | total time | downtime"
    while IFS= read -r line; do note "COMPARE $line"; done < $OUT/compare.txt
  fi
  for name in livemig-pvh livemig-pvh--incoming livemig-pvh--migratedaway livemig-pv livemig-pv--incoming livemig-pv--migratedaway \
              livemig-hvm livemig-hvm--incoming livemig-hvm--migratedaway; do
    timeout 60 xl destroy $name >/dev/null 2>&1
  done
  declare -F serial_logger_stop >/dev/null && serial_logger_stop
  timeout 30 xl list > $OUT/xl-list-final.txt 2>&1
  timeout 20 xl dmesg > $OUT/xl-dmesg.txt 2>&1
  # A guest that died behind the tests' back is worth a line on the console.
  grep -a -E "Triple fault|crashed|shutdown action" $OUT/xl-dmesg.txt | head -n 5 \
    | while IFS= read -r line; do note "hypervisor log: $line"; done
  cp $CONSOLE_LOGS/guest-* /tmp/hs_err_pid*.log /var/log/xen/qemu-dm-* $OUT/ 2>/dev/null
  if [ "${LAB_KEEP_STREAMS:-0}" = 1 ]; then
    mkdir -p $OUT/streams && cp /tmp/*.xl $OUT/streams/ 2>/dev/null
  fi
  # Stop the writers of the root file system, so that it can be remounted read-only and the
  # host's debugfs sees every file without replaying the journal.
  [ -f /run/xenconsoled.pid ] && kill "$(cat /run/xenconsoled.pid)" 2>/dev/null
  [ -f /run/xenstore.pid ] && kill "$(cat /run/xenstore.pid)" 2>/dev/null
  sleep 1
  sync
  mount -o remount,ro / 2>/dev/null || note "root stays read-write (remount refused)"
  note "DONE"
  echo 1 > /proc/sys/kernel/sysrq
  echo o > /proc/sysrq-trigger
  sleep 60
  exit 1 # no power-off: PID 1 ends, dom0 panics, Xen reboots and QEMU (-no-reboot) exits
}

mount -t proc proc /proc 2>/dev/null
mount -t sysfs sys /sys 2>/dev/null
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
mount -o remount,rw / 2>/dev/null
# /tmp stays on the root disk: a 128 MiB guest's stream does not belong in dom0's memory.
mkdir -p $OUT /tmp && chmod 1777 /tmp
cd /tmp  # the tests' and the CLI's working directory
# A resolvable host name: Log4j looks it up and prints a stack trace when it cannot.
hostname livemig-dom0
grep -q livemig-dom0 /etc/hosts || echo "127.0.1.1 livemig-dom0" >> /etc/hosts
# Loopback, for the relay step (nothing else configures a network here).
ip link set lo up || echo "ip link set lo up failed"
note "dom0 init reached"

# --- toolstack (the kit's sequence; xenconsoled --log=guest or no guest console log is written)
toolstack_up() {
  local m i
  for m in xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd; do
    timeout 30 modprobe $m || echo "modprobe $m failed"
  done
  mountpoint -q /proc/xen || mount -t xenfs xenfs /proc/xen || return 1
  echo "caps: $(cat /proc/xen/capabilities) hypervisor: $(cat /sys/hypervisor/type)" \
       "$(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)"
  mkdir -p -m 700 /run/xen
  mkdir -p /run/xenstored /var/lib/xen /var/log/xen /var/run/xen $CONSOLE_LOGS
  export XENSTORED_ROOTDIR=/run/xenstored
  xenstored --pid-file /run/xenstore.pid || return 1
  i=0
  while ! xenstore-read -s / >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -gt 60 ] && { echo "xenstored did not answer within 60 s"; return 1; }
    sleep 1
  done
  timeout 120 xen-init-dom0 || return 1
  xenconsoled --pid-file /run/xenconsoled.pid --log=guest --log-dir=$CONSOLE_LOGS || return 1
  timeout 60 xl info > $OUT/xl-info.txt 2>&1 || return 1
}
if toolstack_up; then
  step toolstack PASS "$(sed -n 's/^xen_version *: //p' $OUT/xl-info.txt | head -n 1)"
else
  step toolstack FAIL "the Xen toolstack did not come up"
  finish
fi

# --- guests
# A guest is NAME and CFG; its steps are named after its type T, CFG's base name: pvh (pvh.cfg,
# the full set of steps) or pv (pv.cfg, steps-pv.sh).
cfg_type() { basename "$1" .cfg; }
# compare_tool T TOOL: the tool column of a compare.txt row; rows of the PV guest say so.
compare_tool() { if [ "$1" = pvh ]; then echo "$2"; else echo "${1^^} guest: $2"; fi; }
# start_guest STEP NAME CFG: creates the domain, waits until its writer has started and has
# printed a heartbeat; sets DOMID. A guest that dies while it boots (a triple fault under
# emulation, workaround 8) is created once more at once, instead of waiting for its heartbeat.
DOMID=
start_guest() {
  local step=$1 name=$2 cfg=$3 log=$CONSOLE_LOGS/guest-$2.log i attempt died retried=
  for attempt in 1 2; do
    DOMID= died=
    i=0
    [ -f "$log" ] && mv "$log" "$log.before-$(date +%s)"  # kept: an earlier guest's last words
    if ! timeout 300 xl create $LAB/$cfg > $OUT/xl-create-$name.txt 2>&1; then
      cat $OUT/xl-create-$name.txt
      step $step FAIL "xl create $cfg failed"
      return 1
    fi
    DOMID=$(xl domid $name 2>/dev/null)
    while ! grep -q "LIVEMIG GUEST counter=" "$log" 2>/dev/null; do
      i=$((i + 1))
      if [ $((i % 5)) = 0 ] && ! xl domid $name >/dev/null 2>&1; then  # every 5 s: xl costs under emulation
        died="domid $DOMID died while it booted ($(triple_faults $DOMID) triple faults of it in Xen's log)"
        break
      fi
      if [ $i -gt $LAB_ALIVE_TIMEOUT ]; then
        tail -n 20 "$log" 2>/dev/null
        step $step FAIL "domid=$DOMID: no writer heartbeat within ${LAB_ALIVE_TIMEOUT} s"
        return 1
      fi
      sleep 1
    done
    [ -z "$died" ] && break
    if [ $attempt = 2 ]; then
      step $step FAIL "$died$retried"
      return 1
    fi
    note "$died: creating it once more"
    retried=", after $died"
  done
  grep -m 1 "DOMU ALIVE" "$log"
  step $step PASS "domid=$DOMID, writer heartbeat after ${i} s$retried"
}

# guest_running NAME: the domain exists and is neither paused, shut down (suspended) nor crashed.
guest_running() {
  local state
  state=$(xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }')
  case "$state" in ''|*p*|*s*|*c*|*d*) return 1 ;; esac
}

last_heartbeat() { grep -a -o "LIVEMIG GUEST counter=[0-9]*" "$CONSOLE_LOGS/guest-$1.log" 2>/dev/null | tail -n 1; }
heartbeat_counter() { last_heartbeat "$1" | sed 's/.*counter=//'; }

# guest_carries_on NAME BEFORE: after a restore, the guest's writer goes on where it stopped: a
# heartbeat whose counter is above BEFORE (the last one seen before the save), and the writer's
# own check of every page it rewrote since it runs again (magic, index, previous counter: the
# memory it had at suspend) found nothing wrong. Sets CARRY_DETAIL.
guest_carries_on() {
  local name=$1 before=${2:-0} log=$CONSOLE_LOGS/guest-$1.log i=0 line counter checked failed
  CARRY_DETAIL=
  while [ $i -lt $LAB_RESUME_TIMEOUT ]; do
    if grep -a -q "LIVEMIG GUEST CHECK FAILED" "$log" 2>/dev/null; then
      grep -a "LIVEMIG GUEST CHECK FAILED" "$log" | head -n 3
      CARRY_DETAIL="the guest found its memory changed: $(grep -a -m 1 'CHECK FAILED' "$log" | cut -c1-120)"
      return 1
    fi
    # the second heartbeat: the first may end the pass the save interrupted; by the second, the
    # writer has checked every page at least once since it runs again
    line=$(grep -a -o "LIVEMIG GUEST counter=[0-9]* checked=[0-9]* failed=[0-9]*" "$log" 2>/dev/null | sed -n 2p)
    if [ -n "$line" ]; then
      read -r counter checked failed <<< "$(echo "$line" | sed 's/.*counter=\([0-9]*\) checked=\([0-9]*\) failed=\([0-9]*\)/\1 \2 \3/')"
      if [ "$counter" -le "$before" ]; then
        CARRY_DETAIL="the guest's counter restarted at $counter (it was $before before the save)"
      elif [ "$failed" != 0 ] || [ "$checked" = 0 ]; then
        CARRY_DETAIL="the guest's check: $checked pages checked, $failed wrong"
      else
        CARRY_DETAIL="counter $before before the save, $counter after, $checked pages checked by the guest, 0 wrong"
        return 0
      fi
      return 1
    fi
    if ! xl domid $name >/dev/null 2>&1; then
      CARRY_DETAIL="the guest is gone ($(xl_dmesg_faults) triple faults in Xen's log so far)"
      return 1
    fi
    i=$((i + 1)); sleep 1
  done
  CARRY_DETAIL="no heartbeat within $LAB_RESUME_TIMEOUT s of the restore: $(tail -n 1 "$log" 2>/dev/null | cut -c1-100)"
  return 1
}

# xl_dmesg_faults: how many triple faults of any domain Xen has reported so far.
xl_dmesg_faults() { timeout 20 xl dmesg 2>/dev/null | grep -a -c "Triple fault"; }

# xl_restore_step STEP NAME FILE BEFORE: the saved (suspended) original is destroyed and
# `xl restore FILE` brings the guest back from the save file alone (its embedded config); the
# guest must carry on (guest_carries_on). A restored guest that triple-faults under emulation
# (workaround 8 in README.md) is restored from the same file once more.
xl_restore_step() {
  local step=$1 name=$2 file=$3 before=$4 log=$CONSOLE_LOGS/guest-$2.log t0 rc attempt faults detail retried=
  for attempt in 1 2; do
    timeout 60 xl destroy $name >/dev/null 2>&1
    [ -f "$log" ] && mv "$log" "$log.before-restore-$(date +%s)"
    faults=$(xl_dmesg_faults)
    t0=$(date +%s.%N)
    timeout -k 10 $LAB_RESTORE_TIMEOUT xl restore $file > $OUT/$step.txt 2>&1
    rc=$?
    cat $OUT/$step.txt
    if [ $rc != 0 ]; then
      step $step FAIL "xl restore rc $rc: $(grep -a -v '^\s*$' $OUT/$step.txt | tail -n 1 | cut -c1-140)$retried"
      return 1
    fi
    DOMID=$(xl domid $name 2>/dev/null)
    detail="xl restore in $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $t0 }") s, domid ${DOMID:-gone}"
    if guest_carries_on $name "$before"; then
      step $step PASS "$detail; $CARRY_DETAIL$retried"
      return 0
    fi
    if [ $attempt = 1 ] && [ "$(xl_dmesg_faults)" -gt "$faults" ]; then
      note "the restored guest triple-faulted under emulation ($CARRY_DETAIL): restoring $file once more"
      retried=", after one guest triple fault under emulation"
      continue
    fi
    step $step FAIL "$detail; $CARRY_DETAIL$retried"
    return 1
  done
}

# The migrate family: livemig migrate, the relay, failed migrations, the guest-seen downtime.
. $LAB/steps-migrate.sh
# The PV guest's steps (pv_steps): the families above, on pv.cfg.
. $LAB/steps-pv.sh
# The HVM guest's steps (hvm_steps): the same, on hvm.cfg, QEMU as its device model.
. $LAB/steps-hvm.sh

# stamp: each line prefixed by the time it arrived (seconds since the epoch), to time xl's phases.
stamp() { while IFS= read -r l; do printf '%s %s\n' "$(date +%s.%N)" "$l"; done; }
# at PATTERN FILE: the arrival time of the first stamped line matching PATTERN.
at() { grep -a -m 1 "$1" "$2" | cut -d' ' -f1; }
secs() { awk "BEGIN { printf \"%.2f\", $2 - $1 }"; }

# xen_stream_steps NAME CFG: Xen's C path writes the streams, livemig reads them (steps named
# after the guest's type T, cfg_type):
#   xl-save-T: `xl save` (not live; destroys the guest), timed; xl-save-read-T: livemig inspect,
#   then livemig receive into a simulated domain, whose digest must equal the one the independent
#   C reader (stream-digest) computes from the file; xl-save-restore-T: xl restore brings the
#   guest back. xl-migrate-T: a live `xl migrate` to localhost, its stream captured on the way
#   (xl-capture.sh stands in for ssh), timed; xl-migrate-read-T: the same checks on the captured
#   stream. The streams are /tmp/xen-save-T.xl and /tmp/xen-migrate-T.xl.
xen_stream_steps() {
  local name=$1 cfg=$2 type before t0 t1 rc save migrate
  type=$(cfg_type $cfg)
  save=/tmp/xen-save-$type.xl migrate=/tmp/xen-migrate-$type.xl
  before=$(heartbeat_counter $name)
  t0=$(date +%s.%N)
  timeout -k 10 $LAB_RESTORE_TIMEOUT xl -vvv save $name $save 2>&1 | stamp > $OUT/xl-save-$type.txt
  rc=${PIPESTATUS[0]}
  t1=$(date +%s.%N)
  if [ $rc = 0 ]; then
    echo "$(compare_tool $type "xl save")|not live|$(rounds_of $save)|$(secs $t0 $t1) s|$(secs $t0 $t1) s (suspended first)" >> $OUT/compare.txt
    step xl-save-$type PASS "xl save rc 0 in $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s, $(stat -c %s $save) bytes"
    read_xen_stream xl-save-read-$type $save
    xl_restore_step xl-save-restore-$type $name $save "$before"
  else
    step xl-save-$type FAIL "xl save rc $rc: $(tail -n 1 $OUT/xl-save-$type.txt | cut -c1-140)"
    step xl-save-read-$type FAIL "not run: xl save wrote no stream"
    step xl-save-restore-$type FAIL "not run: xl save wrote no stream"
  fi
  if ! guest_running $name; then
    step xl-migrate-$type FAIL "not run: no running guest"; step xl-migrate-read-$type FAIL "not run: no running guest"
    return
  fi
  local attempt faults retried=
  for attempt in 1 2; do
    rm -f $migrate
    set_incoming_log_aside $name
    faults=$(xl_dmesg_faults)
    ticks_start $name $OUT/xl-migrate-$type-ticks.txt
    sleep $TICKS_LEAD
    t0=$(date +%s.%N)
    XL_CAPTURE_TO=$migrate timeout -k 10 $LAB_RESTORE_TIMEOUT xl -vvv migrate -s $LAB/xl-capture.sh $name localhost 2>&1 \
      | stamp > $OUT/xl-migrate-$type.txt
    rc=${PIPESTATUS[0]}
    t1=$(date +%s.%N)
    sleep 2  # the destination's first ticks
    ticks_stop
    # a guest (a restored one, most likely) that triple-faults under emulation (workaround 8)
    if [ $rc != 0 ] && [ $attempt = 1 ] && [ "$(xl_dmesg_faults)" -gt "$faults" ]; then
      note "xl migrate failed after a guest triple fault under emulation: once more on a fresh guest"
      retried=", after one guest triple fault under emulation"
      fresh_guest $name $cfg || break
      continue
    fi
    break
  done
  if [ $rc = 0 ] && [ -s $migrate ]; then
    # xl's "cleared to unpause" message follows the stream on the same pipe: not part of it
    local go='domain is yours, you are cleared to unpause' size
    size=$(stat -c %s $migrate)
    if [ "$(tail -c $(( ${#go} + 1 )) $migrate | tr -d '\0')" = "$go" ]; then
      truncate -s $(( size - ${#go} - 1 )) $migrate
    fi
    local suspended sent started
    suspended=$(at "guest has suspended" $OUT/xl-migrate-$type.txt)
    sent=$(grep -a "libxl-save-helper: debug: complete r=0" $OUT/xl-migrate-$type.txt | awk -v s="$suspended" '$1 >= s { print $1; exit }')
    started=$(at "Domain started" $OUT/xl-migrate-$type.txt)
    guest_seen $OUT/xl-migrate-$type-ticks.txt $t0 $t1
    echo "$(compare_tool $type "xl migrate (over the ssh stand-in)")|live|$(rounds_of $migrate)|$(secs $t0 $t1) s|$GUEST_SEEN; sender: $(secs ${suspended:-0} ${sent:-0}) s suspended to the end of the stream, $(secs ${suspended:-0} ${started:-0}) s until the copy runs" >> $OUT/compare.txt
    adopt_destination_log $name
    step xl-migrate-$type PASS "xl migrate (live, to localhost) rc 0 in $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s, $(stat -c %s $migrate) bytes captured; $(xl list $name >/dev/null 2>&1 && echo guest running); $GUEST_SEEN$retried"
    read_xen_stream xl-migrate-read-$type $migrate
  else
    step xl-migrate-$type FAIL "xl migrate rc $rc: $(grep -a -v '^\s*$' $OUT/xl-migrate-$type.txt | tail -n 1 | cut -c1-140)$retried"
    step xl-migrate-read-$type FAIL "not run: no stream"
  fi
}

# rounds_of FILE: "N rounds: p1 + p2 + ... = P pages", the rounds as stream-digest sees them.
rounds_of() {
  local r
  r=$($LAB/stream-digest --rounds "$1" 2>&1 >/dev/null | sed -n 's/^rounds: //p')
  [ -n "$r" ] || { echo "?"; return; }
  echo "$(echo $r | wc -w) rounds: $(echo $r | sed 's/ / + /g') = $(echo $r | tr ' ' '\n' | awk '{ t += $1 } END { print t }') pages"
}

# livemig_row FILE TOOL MODE [TOTAL GUEST_SEEN]: the compare.txt row of a `livemig save` or
# `livemig migrate` (its output in FILE). A migration gives its wall time and what the guest saw.
livemig_row() {
  local rounds total downtime
  rounds=$(sed -n 's/^round [0-9]*\( (suspended)\)\{0,1\}: \([0-9]*\) pages.*/\2/p' "$1")
  total=$(sed -n 's/^saved: .* in \([0-9.]*\) s, downtime \([0-9.]*\) ms.*/\1/p' "$1")
  downtime=$(sed -n 's/^saved: .* in \([0-9.]*\) s, downtime \([0-9.]*\) ms.*/\2/p' "$1")
  local row="$2|$3|$(echo $rounds | wc -w) rounds: $(echo $rounds | sed 's/ / + /g') = $(echo $rounds | tr ' ' '\n' | awk '{ t += $1 } END { print t }') pages"
  if [ -n "${5:-}" ]; then
    echo "$row|$4 s|$5; sender: ${downtime:-?} ms suspended to the end of the stream"
  else
    echo "$row|${total:-?} s|${downtime:-?} ms to the end of the stream"
  fi
}

# read_xen_stream STEP FILE: livemig inspect and livemig receive of a stream Xen wrote; the
# restored memory's digest must be the one stream-digest (C, written apart from livemig's reader)
# computes from the file.
read_xen_stream() {
  local step=$1 file=$2 digest
  digest=$($LAB/stream-digest $file 2> $OUT/$step-digest.txt)
  if [ -z "$digest" ]; then
    step $step FAIL "stream-digest: $(tail -n 1 $OUT/$step-digest.txt | cut -c1-140)"
    return 1
  fi
  java_step $OUT/$step-inspect.txt $LAB_INSPECT_TIMEOUT "" $LIVEMIG_CLI \
    inspect --quiet $file
  if [ $JAVA_RC != 0 ]; then
    step $step FAIL "livemig inspect rc $JAVA_RC on Xen's stream: $(tail -n 1 $OUT/$step-inspect.txt | cut -c1-140)$JAVA_NOTE"
    return 1
  fi
  java_step $OUT/$step-receive.txt $LAB_RECEIVE_TIMEOUT "" $LIVEMIG_CLI \
    receive --from $file --expect-digest $digest
  if [ $JAVA_RC = 0 ]; then
    step $step PASS "inspect: $(tail -n 1 $OUT/$step-inspect.txt | cut -c1-60); receive: digest as stream-digest's, $(sed -n 1p $OUT/$step-digest.txt | cut -c1-80)$JAVA_NOTE"
  else
    step $step FAIL "livemig receive rc $JAVA_RC: $(grep -a -v '^\s*$' $OUT/$step-receive.txt | tail -n 1 | cut -c1-140)"
  fi
}

# summary_count WORD FILE: N from the launcher's summary line "[  N tests WORD  ]".
summary_count() { sed -n "s/^\[ *\([0-9]*\) tests $1 *\]/\1/p" "$2" | head -n 1; }
junit_counts() {
  echo "tests: $(summary_count successful "$1") successful, $(summary_count failed "$1") failed," \
       "$(summary_count aborted "$1") aborted, $(summary_count skipped "$1") skipped"
}

# jvm_crashed FILE: the JVM died of a fatal error (hs_err) outside the Xen libraries. Under QEMU's
# TCG about one JVM in 40 dies so, in JIT-compiled or VM code (SIGSEGV at the entry of a trivial
# compiled method, with -xsave and eager-fpu already), whatever it runs; a crash inside libxen*
# would be the backend's own and is not excused.
jvm_crashed() {
  grep -a -q "A fatal error has been detected by the Java Runtime Environment" "$1" \
    && ! grep -a -A 1 "Problematic frame:" "$1" | grep -a -q "libxen"
}

# java_once OUTFILE LIMIT JVM-ARGS...: one JVM under timeout, its output on the console and in
# OUTFILE. Sets JAVA_RC.
JAVA_RC=0 JAVA_NOTE=
java_once() {
  local outfile=$1 limit=$2
  shift 2
  timeout -k 10 $limit $JAVA $LAB_JVM_OPTIONS "$@" 2>&1 | tee $outfile
  JAVA_RC=${PIPESTATUS[0]}
}

# triple_faults DOMID: how many times Xen has reported a triple fault of that domain so far.
triple_faults() {
  [ -n "$1" ] || { echo 0; return; }
  timeout 20 xl dmesg 2>/dev/null | grep -a -c "d$1v[0-9]* Triple fault"
}

# java_step OUTFILE LIMIT GUEST JVM-ARGS...: java_once, and once more when the JVM crashed as
# jvm_crashed describes, or when the guest it works on triple-faulted during the run (Xen's log
# says so; workaround 8 in README.md): the first output is kept as OUTFILE.first-run. GUEST ("NAME CFG STEP", or empty)
# is the guest the JVM works on: it is replaced by a fresh one before the second run, since the
# crash may have left it suspended or with log-dirty on. "@DOMID@" in the arguments stands for
# the guest's current domid. Sets JAVA_RC and JAVA_NOTE.
java_step() {
  local outfile=$1 limit=$2 guest=$3 gname gcfg gstep domid=$DOMID faults why
  shift 3
  JAVA_NOTE=
  faults=$(triple_faults $domid)
  java_once $outfile $limit "${@//@DOMID@/$DOMID}"
  [ $JAVA_RC = 0 ] && return 0
  if jvm_crashed $outfile; then
    why="the JVM crashed under emulation ($(grep -a -A 1 'Problematic frame:' $outfile | tail -n 1 | cut -c1-100))"
    JAVA_NOTE=", after one JVM crash under emulation"
  elif [ -n "$guest" ] && [ "$(triple_faults $domid)" -gt "$faults" ]; then
    why="the guest (domid $domid) triple-faulted under emulation meanwhile"
    JAVA_NOTE=", after one guest triple fault under emulation"
  else
    return 0
  fi
  mv $outfile $outfile.first-run
  note "$why: running it once more"
  if [ -n "$guest" ]; then
    read -r gname gcfg gstep <<< "$guest"
    timeout 60 xl destroy $gname >/dev/null 2>&1
    if ! start_guest $gstep $gname $gcfg; then
      JAVA_NOTE="$JAVA_NOTE, no fresh guest for the second run"
      return 0
    fi
  fi
  java_once $outfile $limit "${@//@DOMID@/$DOMID}"
}

# run_junit STEP NAME TYPE: the project's tests tagged xen-lab, in package io.livemig.backend.xen.
run_junit() {
  local step=$1 name=$2 type=$3 cp jar
  cp=$APP/test-classes:$APP/livemig.jar
  for jar in $APP/lib/*.jar $APP/test-lib/*.jar; do [ -f "$jar" ] && cp=$cp:$jar; done
  note "running the xen-lab tests against $name (domid $DOMID)"
  java_step $OUT/junit-$type.txt $LAB_JUNIT_TIMEOUT "$name $type.cfg $type-guest-again" \
    --enable-native-access=ALL-UNNAMED --illegal-native-access=deny \
    -Xmx512m -Djava.io.tmpdir=/tmp \
    -Dlivemig.xen.domid=@DOMID@ -Dlivemig.xen.guest.name=$name -Dlivemig.xen.guest.type=$type \
    -Dlivemig.xen.patternPages=$GUEST_PATTERN_PAGES \
    -Dlivemig.xen.guest.console=$CONSOLE_LOGS/guest-$name.log -Dlivemig.jar=$APP/livemig.jar \
    -jar $APP/junit-platform-console-standalone.jar execute \
    --disable-banner --disable-ansi-colors --details=tree --details-theme=ascii --fail-if-no-tests \
    --class-path "$cp" --include-tag xen-lab --select-package io.livemig.backend.xen \
    --reports-dir $OUT/junit-$type
  case $JAVA_RC in
    0) step $step PASS "$(junit_counts $OUT/junit-$type.txt)$JAVA_NOTE" ;;
    2) step $step FAIL "no tests found (rc 2)$JAVA_NOTE" ;;
    124|137) step $step FAIL "timed out after ${LAB_JUNIT_TIMEOUT} s$JAVA_NOTE" ;;
    *) step $step FAIL "rc $JAVA_RC: $(junit_counts $OUT/junit-$type.txt); first failure: $(first_failure $OUT/junit-$type.txt)$JAVA_NOTE" ;;
  esac
}
# first_failure FILE: the exception of the first failure the launcher lists ("=> ..."), cut short.
first_failure() { grep -a -m 1 '^ *=> ' "$1" | sed 's/^ *=> //' | cut -c1-220; }

# run_extra STEP NAME TYPE: the developer's own probe (scripts/xen-lab --extra DIR).
run_extra() {
  local rc
  [ -x $LAB/extra/run.sh ] || return 0
  (cd $LAB/extra && timeout -k 10 $LAB_EXTRA_TIMEOUT ./run.sh "$DOMID" "$3" "$2") 2>&1 | tee $OUT/$1.txt
  rc=${PIPESTATUS[0]}
  if [ $rc = 0 ]; then step $1 PASS "run.sh rc 0"; else step $1 FAIL "run.sh rc $rc"; fi
}

# timed_java STEP TIMEOUT OUTFILE GUEST ARGS...: one CLI run (java_step), its output on the
# console and in OUTFILE.
timed_java() {
  local step=$1 limit=$2 outfile=$3 guest=$4
  shift 4
  java_step $outfile $limit "$guest" $LIVEMIG_CLI "$@"
  case $JAVA_RC in
    0) step $step PASS "livemig $1 rc 0$JAVA_NOTE" ;;
    124|137) step $step FAIL "livemig $1 timed out after $limit s$JAVA_NOTE" ;;
    *) step $step FAIL "livemig $1 rc $JAVA_RC: $(grep -a -v '^\s*$' $outfile | tail -n 1 | cut -c1-160)$JAVA_NOTE" ;;
  esac
  return $JAVA_RC
}

# xen_verify STEP FILE: Xen's own stream verifier (verify-stream-v2 of dom0's xen-utils-4.17,
# through the project's scripts/verify-with-xen), told the framing by the stream's first bytes.
xen_verify() {
  local step=$1 file=$2 format=() rc
  case "$(head -c 8 "$file" | tr -dc 'A-Za-z')" in
    LibxlFmt) format=(--libxl) ;;   # libxl stream header
    Xen*) format=(--xl) ;;          # xl save file header "Xen saved domain, xl format"
  esac
  timeout -k 10 $LAB_VERIFY_TIMEOUT $LAB/verify-with-xen "${format[@]}" "$file" 2>&1 | tee $OUT/$step.txt
  rc=${PIPESTATUS[0]}
  case $rc in
    0) step $step PASS "verify-stream-v2 ${format[*]:-libxc}: valid" ;;
    124|137) step $step FAIL "verify-stream-v2 timed out after $LAB_VERIFY_TIMEOUT s" ;;
    *) step $step FAIL "verify-stream-v2 ${format[*]:-libxc} rc $rc: $(tail -n 1 $OUT/$step.txt | cut -c1-160)" ;;
  esac
}

# again_guest NAME CFG: when NAME is not running (a step left it suspended, gone or crashed),
# a fresh one, as step T-guest-again (T: cfg_type CFG).
again_guest() {
  guest_running $1 && return 0
  timeout 60 xl destroy $1 >/dev/null 2>&1
  start_guest $(cfg_type $2)-guest-again $1 $2
}

# cli_save_steps NAME CFG: livemig's live save of the running guest as an xl save file (xl header,
# libxl's JSON config), /tmp/T.xl, then livemig inspect, Xen's verifier and xl restore of it
# (steps cli-save-T, cli-inspect-T, xen-verify-T, xl-restore-T; T: cfg_type CFG).
cli_save_steps() {
  local name=$1 cfg=$2 type before s
  type=$(cfg_type $cfg)
  local file=/tmp/$type.xl
  # The tests may end with the guest suspended (a full save does): the CLI save needs a live one.
  if ! guest_running $name; then
    note "the ${type^^} guest is not running any more: creating a fresh one for the CLI save"
    again_guest $name $cfg
  fi
  if [ -z "$DOMID" ] || ! guest_running $name; then
    for s in cli-save cli-inspect xen-verify xl-restore; do step $s-$type FAIL "not run: no running ${type^^} guest"; done
    return 1
  fi
  before=$(heartbeat_counter $name)
  if ! timed_java cli-save-$type $LAB_SAVE_TIMEOUT $OUT/cli-save-$type.txt "$name $cfg $type-guest-again" \
       save --domid @DOMID@ --format xl --to $file; then
    for s in cli-inspect xen-verify xl-restore; do step $s-$type FAIL "not run: livemig save failed (cli-save-$type)"; done
    return 1
  fi
  ls -l $file
  livemig_row $OUT/cli-save-$type.txt "$(compare_tool $type "livemig save")" live >> $OUT/compare.txt
  timed_java cli-inspect-$type $LAB_INSPECT_TIMEOUT $OUT/cli-inspect-$type.txt "" inspect --quiet $file
  xen_verify xen-verify-$type $file
  # Xen's own tools take it from there: the original goes, xl restore brings the guest back
  xl_restore_step xl-restore-$type $name $file "$before"
}

# xen_stream_family NAME CFG: xen_stream_steps on a running guest (a fresh one if need be).
xen_stream_family() {
  local type s
  type=$(cfg_type $2)
  if again_guest $1 $2 && guest_running $1; then
    xen_stream_steps $1 $2
  else
    for s in xl-save xl-save-read xl-save-restore xl-migrate xl-migrate-read; do step $s-$type FAIL "not run: no running ${type^^} guest"; done
  fi
}

# cli_save_nonlive_step NAME CFG: side by side with xl save, livemig's non-live save, the guest
# running on in place afterwards (--checkpoint); step cli-save-nonlive-T. Last of a guest's
# steps, since a guest resumed in place is the likeliest to triple-fault under emulation
# (workaround 8).
cli_save_nonlive_step() {
  local name=$1 cfg=$2 type
  type=$(cfg_type $cfg)
  if ! again_guest $name $cfg || ! guest_running $name; then
    step cli-save-nonlive-$type FAIL "not run: no running ${type^^} guest"
    return 1
  fi
  DOMID=$(xl domid $name)  # a new one after a migration
  if timed_java cli-save-nonlive-$type $LAB_SAVE_TIMEOUT $OUT/cli-save-nonlive-$type.txt "$name $cfg $type-guest-again" \
       save --domid @DOMID@ --non-live --checkpoint --format xl --to /tmp/$type-nonlive.xl; then
    livemig_row $OUT/cli-save-nonlive-$type.txt "$(compare_tool $type "livemig save")" "not live" >> $OUT/compare.txt
    guest_running $name || note "the guest does not run after --checkpoint: $(xl list $name 2>&1 | tail -n 1)"
  fi
}

if [ "${LAB_ONLY_EXTRA:-0}" = 1 ]; then
  start_guest pvh-guest livemig-pvh pvh.cfg && run_extra extra-pvh livemig-pvh pvh
  finish
fi
if [ "${LAB_ONLY_PV:-0}" = 1 ]; then
  pv_steps
  finish
fi
if [ "${LAB_ONLY_HVM:-0}" = 1 ]; then
  hvm_steps
  finish
fi
if start_guest pvh-guest livemig-pvh pvh.cfg; then
  run_junit junit-pvh livemig-pvh pvh
  note "PVH guest after the tests: $(xl list livemig-pvh 2>/dev/null | awk 'NR == 2 { print "state " $5 }'), $(last_heartbeat livemig-pvh)"
  run_extra extra-pvh livemig-pvh pvh
  cli_save_steps livemig-pvh pvh.cfg
  # The other direction: streams written by Xen's C path, read by livemig
  xen_stream_family livemig-pvh pvh.cfg
  # livemig migrate of the running guest to localhost's xl migrate-receive (steps-migrate.sh)
  if guest_running livemig-pvh || fresh_guest livemig-pvh pvh.cfg; then
    migrate_steps livemig-pvh pvh.cfg
  else
    for s in livemig-migrate-fail-pvh livemig-migrate-pvh livemig-migrate-relay-pvh auto-converge-pvh; do
      step $s FAIL "not run: no running PVH guest"
    done
  fi
  cli_save_nonlive_step livemig-pvh pvh.cfg
  timeout 60 xl destroy livemig-pvh >/dev/null 2>&1
else
  step junit-pvh FAIL "not run: no PVH guest"
  for s in cli-save-pvh cli-inspect-pvh xen-verify-pvh xl-restore-pvh cli-save-nonlive-pvh xl-save-pvh xl-save-read-pvh \
           xl-save-restore-pvh xl-migrate-pvh xl-migrate-read-pvh livemig-migrate-fail-pvh livemig-migrate-pvh \
           livemig-migrate-relay-pvh auto-converge-pvh; do
    step $s FAIL "not run: no PVH guest"
  done
fi

[ "$LAB_RUN_PV" = 1 ] && pv_steps
[ "${LAB_RUN_HVM:-0}" = 1 ] && hvm_steps
finish
