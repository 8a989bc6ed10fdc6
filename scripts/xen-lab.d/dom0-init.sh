#!/bin/bash
# PID 1 of the lab's dom0 (kernel command line: init=/opt/xenlab/dom0-init.sh). Brings up the
# minimal Xen toolstack, starts the PVH domU, runs the project's Xen integration tests and a CLI
# save + inspect (+ Xen's own stream verifier) against it, then the same tests against a PV
# domU, and powers the machine off.
#
# Every step ends with one line on the console that scripts/xen-lab reads:
#   XENLAB: STEP <name> PASS|FAIL (<detail>)
# and the run ends with "XENLAB: DONE". Outputs go to /xenlab-out (taken out of the image by
# scripts/xen-lab after QEMU exits). Settings come from /opt/xenlab/lab.conf, written by the host.
export PATH=/usr/lib/xen-4.17/bin:/usr/sbin:/usr/bin:/sbin:/bin
LAB=/opt/xenlab
APP=/opt/livemig
JAVA=/opt/jdk/bin/java
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
[ -f $LAB/lab.conf ] && . $LAB/lab.conf

uptime_s() { cut -d' ' -f1 /proc/uptime; }
note() { echo "XENLAB: $* [uptime $(uptime_s)s]"; }
step() { # step NAME PASS|FAIL DETAIL
  echo "XENLAB: STEP $1 $2 ($3) [uptime $(uptime_s)s]"
  echo "$1 $2 $3" >> $OUT/steps.txt
}

finish() {
  for name in livemig-pvh livemig-pv; do timeout 60 xl destroy $name >/dev/null 2>&1; done
  timeout 30 xl list > $OUT/xl-list-final.txt 2>&1
  timeout 20 xl dmesg > $OUT/xl-dmesg.txt 2>&1
  # A guest that died behind the tests' back is worth a line on the console.
  grep -a -E "Triple fault|crashed|shutdown action" $OUT/xl-dmesg.txt | head -n 5 \
    | while IFS= read -r line; do note "hypervisor log: $line"; done
  cp $CONSOLE_LOGS/guest-* /tmp/hs_err_pid*.log $OUT/ 2>/dev/null
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
# start_guest STEP NAME CFG: creates the domain, waits until its writer has started and has
# printed a heartbeat; sets DOMID.
DOMID=
start_guest() {
  local step=$1 name=$2 cfg=$3 log=$CONSOLE_LOGS/guest-$2.log i=0
  DOMID=
  [ -f "$log" ] && mv "$log" "$log.before-$(date +%s)"  # kept: an earlier guest's last words
  if ! timeout 300 xl create $LAB/$cfg > $OUT/xl-create-$name.txt 2>&1; then
    cat $OUT/xl-create-$name.txt
    step $step FAIL "xl create $cfg failed"
    return 1
  fi
  DOMID=$(xl domid $name 2>/dev/null)
  while ! grep -q "LIVEMIG GUEST counter=" "$log" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt $LAB_ALIVE_TIMEOUT ]; then
      tail -n 20 "$log" 2>/dev/null
      step $step FAIL "domid=$DOMID: no writer heartbeat within ${LAB_ALIVE_TIMEOUT} s"
      return 1
    fi
    sleep 1
  done
  grep -m 1 "DOMU ALIVE" "$log"
  step $step PASS "domid=$DOMID, writer heartbeat after ${i} s"
}

# guest_running NAME: the domain exists and is neither paused, shut down (suspended) nor crashed.
guest_running() {
  local state
  state=$(xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }')
  case "$state" in ''|*p*|*s*|*c*|*d*) return 1 ;; esac
}

last_heartbeat() { grep -a -o "LIVEMIG GUEST counter=[0-9]*" "$CONSOLE_LOGS/guest-$1.log" 2>/dev/null | tail -n 1; }

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
  timeout -k 10 $limit $JAVA "$@" 2>&1 | tee $outfile
  JAVA_RC=${PIPESTATUS[0]}
}

# java_step OUTFILE LIMIT GUEST JVM-ARGS...: java_once, and once more when the JVM crashed as
# jvm_crashed describes (its output kept as OUTFILE.jvm-crash). GUEST ("NAME CFG STEP", or empty)
# is the guest the JVM works on: it is replaced by a fresh one before the second run, since the
# crash may have left it suspended or with log-dirty on. "@DOMID@" in the arguments stands for
# the guest's current domid. Sets JAVA_RC and JAVA_NOTE.
java_step() {
  local outfile=$1 limit=$2 guest=$3 gname gcfg gstep
  shift 3
  JAVA_NOTE=
  java_once $outfile $limit "${@//@DOMID@/$DOMID}"
  if [ $JAVA_RC = 0 ] || ! jvm_crashed $outfile; then return 0; fi
  mv $outfile $outfile.jvm-crash
  note "the JVM crashed under emulation ($(grep -a -A 1 'Problematic frame:' $outfile.jvm-crash | tail -n 1 | cut -c1-100)): running it once more"
  JAVA_NOTE=", after one JVM crash under emulation"
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
    *) step $step FAIL "rc $JAVA_RC: $(junit_counts $OUT/junit-$type.txt)$JAVA_NOTE" ;;
  esac
}

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
  java_step $outfile $limit "$guest" --enable-native-access=ALL-UNNAMED -jar $APP/livemig.jar "$@"
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

if start_guest pvh-guest livemig-pvh pvh.cfg; then
  run_junit junit-pvh livemig-pvh pvh
  note "PVH guest after the tests: $(xl list livemig-pvh 2>/dev/null | awk 'NR == 2 { print "state " $5 }'), $(last_heartbeat livemig-pvh)"
  run_extra extra-pvh livemig-pvh pvh
  # The tests may end with the guest suspended (a full save does): the CLI save needs a live one.
  if ! guest_running livemig-pvh; then
    note "the PVH guest is not running any more: creating a fresh one for the CLI save"
    timeout 60 xl destroy livemig-pvh >/dev/null 2>&1
    start_guest pvh-guest-again livemig-pvh pvh.cfg
  fi
  if [ -n "$DOMID" ] && guest_running livemig-pvh; then
    before=$(last_heartbeat livemig-pvh)
    if timed_java cli-save-pvh $LAB_SAVE_TIMEOUT $OUT/cli-save-pvh.txt "livemig-pvh pvh.cfg pvh-guest-again" \
         save --domid @DOMID@ --to /tmp/pvh.stream; then
      ls -l /tmp/pvh.stream
      timed_java cli-inspect-pvh $LAB_INSPECT_TIMEOUT $OUT/cli-inspect-pvh.txt "" \
        inspect --quiet /tmp/pvh.stream
      xen_verify xen-verify-pvh /tmp/pvh.stream
    else
      step cli-inspect-pvh FAIL "not run: the save failed"
      step xen-verify-pvh FAIL "not run: the save failed"
    fi
    note "PVH guest heartbeat before the save: ${before:-none}, after: $(last_heartbeat livemig-pvh)"
  else
    step cli-save-pvh FAIL "not run: no running PVH guest"
    step cli-inspect-pvh FAIL "not run: no running PVH guest"
    step xen-verify-pvh FAIL "not run: no running PVH guest"
  fi
  timeout 60 xl destroy livemig-pvh >/dev/null 2>&1
else
  step junit-pvh FAIL "not run: no PVH guest"
  step cli-save-pvh FAIL "not run: no PVH guest"
  step cli-inspect-pvh FAIL "not run: no PVH guest"
  step xen-verify-pvh FAIL "not run: no PVH guest"
fi

if [ "$LAB_RUN_PV" = 1 ]; then
  if start_guest pv-guest livemig-pv pv.cfg; then
    run_junit junit-pv livemig-pv pv
    run_extra extra-pv livemig-pv pv
    timeout 60 xl destroy livemig-pv >/dev/null 2>&1
  else
    step junit-pv FAIL "not run: no PV guest"
  fi
fi
finish
