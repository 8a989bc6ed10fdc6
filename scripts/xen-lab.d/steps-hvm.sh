# The HVM family of the Xen lab, sourced by dom0-init.sh (whose helpers it uses, and those of
# steps-migrate.sh); run with scripts/xen-lab --hvm (after the PV family) or --only-hvm. The HVM
# guest (hvm.cfg: hvmloader, SeaBIOS and Debian's upstream QEMU, qemu-system-xen, as its device
# model in dom0; the same kernel by direct kernel boot, initramfs and writer as the PVH and PV
# guests, its console on the emulated serial port) goes through the PVH guest's families, each
# step named after its type, hvm:
#   hvm-guest             xl create hvm.cfg, until the writer's first heartbeat
#   cli-save-hvm, cli-inspect-hvm, xen-verify-hvm, xl-restore-hvm
#                         livemig's live save of the writing guest as an xl save file, livemig
#                         inspect and Xen's verifier on it, xl restore of it and the guest's own
#                         check of its memory (cli_save_steps). xl restore needs the device
#                         model's state in the stream (EMULATOR_CONTEXT): until livemig saves it,
#                         these fail
#   xl-save-hvm, xl-save-read-hvm, xl-save-restore-hvm, xl-migrate-hvm, xl-migrate-read-hvm
#                         xl save and a live xl migrate to localhost (QEMU's state included),
#                         livemig inspect and receive of their streams against stream-digest
#                         (xen_stream_family)
#   livemig-migrate-hvm   on a fresh guest, livemig migrate to localhost's stock xl
#                         migrate-receive over the ssh stand-in, the guest-seen downtime in its
#                         COMPARE row (steps-migrate.sh)
#   livemig-migrate-relay-hvm
#                         on a fresh guest, the same through livemig relay with mutual TLS
#   cli-checkpoint-hvm    livemig save --non-live --checkpoint: the guest and its device model run
#                         on in place (QMP cont): QEMU says "running", the writer goes on, 0 wrong
# Not for HVM: the JUnit tests, livemig-migrate-fail and auto-converge (the PVH guest covers
# what they test; each costs minutes under emulation).
#
# The console: hvm.cfg gives the guest its PV console (hvc0), which xenconsoled logs as it does
# the other guests'. With console=ttyS0 instead (QEMU's emulated UART: slower, and the I/O exits
# made guests triple-fault under emulation, see hvm.cfg), xenconsoled logs nothing of it, so the
# serial logger below does for the serial pty of every domain what xenconsoled --log=guest does
# for PV consoles (with hvc0 it runs too and finds nothing to copy): it follows
# /local/domain/*/serial/0/tty (QEMU writes the pty's path there when it starts) and copies what
# the guest writes into $CONSOLE_LOGS/guest-NAME.log, NAME the domain's name when its QEMU
# started (QEMU's -name: a migration's destination writes guest-NAME--incoming.log, as with
# xenconsoled, even when xl has renamed the domain by the time the logger looks). The helpers of
# the other families then read it as they read a PV console's log.

# Every step of the family but hvm-guest, in the verdict with --hvm or --only-hvm (scripts/xen-lab's
# expected_steps lists them too).
HVM_STEPS="cli-save-hvm cli-inspect-hvm xen-verify-hvm xl-restore-hvm xl-save-hvm xl-save-read-hvm
  xl-save-restore-hvm xl-migrate-hvm xl-migrate-read-hvm livemig-migrate-hvm livemig-migrate-relay-hvm
  cli-checkpoint-hvm"
# The first heartbeat of an HVM guest comes after hvmloader, SeaBIOS and a kernel printing on an
# emulated UART: 78 s in a probe on an idle host.
LAB_HVM_ALIVE_TIMEOUT=${LAB_HVM_ALIVE_TIMEOUT:-300}

SERIAL_WATCH= SERIAL_LOOP= SERIAL_PIDS=/run/serial-logger.pids
# serial_logger_start: follows xenstore for serial ptys (one xenstore-watch, no polling).
serial_logger_start() {
  local fd
  [ -n "$SERIAL_LOOP" ] && return 0
  : > $SERIAL_PIDS
  exec {fd}< <(exec xenstore-watch /local/domain 2>/dev/null)
  SERIAL_WATCH=$!
  serial_logger_loop <&$fd > $OUT/serial-logger.txt 2>&1 &
  SERIAL_LOOP=$!
  exec {fd}<&-
}
serial_logger_loop() {
  local path domid tty name pid
  declare -A seen=()
  while IFS= read -r path; do
    case $path in /local/domain/*/serial/0/tty) ;; *) continue ;; esac
    tty=$(xenstore-read "$path" 2>/dev/null) || continue
    [ -n "$tty" ] && [ -z "${seen[$path=$tty]:-}" ] || continue
    seen[$path=$tty]=1
    domid=${path#/local/domain/}; domid=${domid%%/*}
    # the name QEMU was started with (libxl's name at spawn), else the domain's name now
    pid=$(xenstore-read /local/domain/$domid/image/device-model-pid 2>/dev/null)
    name=$(tr '\0' '\n' < /proc/${pid:-0}/cmdline 2>/dev/null | sed -n '/^-name$/ { n; p; q }')
    [ -n "$name" ] || name=$(xenstore-read /local/domain/$domid/name 2>/dev/null)
    # raw, no echo (the guest would read its own output back), no CR (the guest's tty adds one)
    ( stty raw -echo igncr 2>/dev/null; exec cat ) < "$tty" >> "$CONSOLE_LOGS/guest-${name:-domid$domid}.log" 2>/dev/null &
    echo $! >> $SERIAL_PIDS
    echo "$(date +%s.%N) domid $domid ($name): $tty -> guest-${name:-domid$domid}.log (pid $!)"
  done
}
serial_logger_stop() {
  [ -n "$SERIAL_WATCH" ] && kill $SERIAL_WATCH 2>/dev/null
  [ -n "$SERIAL_LOOP" ] && kill $SERIAL_LOOP 2>/dev/null
  [ -s $SERIAL_PIDS ] && kill $(cat $SERIAL_PIDS) 2>/dev/null
  SERIAL_WATCH= SERIAL_LOOP=
}

# hvm_dm_facts DOMID [WHEN]: what the device model looks like from dom0, for livemig's
# device-model work: QEMU's version and command line, libxl's and QEMU's xenstore keys, the QMP
# sockets; in $OUT/hvm-dm-facts[-WHEN].txt, the main ones on the console.
hvm_dm_facts() {
  local domid=$1 f=$OUT/hvm-dm-facts${2:+-$2}.txt dm pid
  dm=$(ls /usr/libexec/xen-qemu-system-i386 2>/dev/null || command -v qemu-system-i386)
  {
    echo "== device model binary: $dm"; ls -l /usr/libexec/xen-qemu-system-i386 /usr/bin/qemu-system-i386* 2>&1
    timeout 30 "$dm" --version
    echo "== hvmloader, firmware"; ls -l /usr/lib/xen-4.17/boot/ /usr/share/seabios/ 2>&1
    echo "== device model processes"
    for pid in $(pgrep -f 'qemu-system-i386'); do echo "pid $pid: $(tr '\0' ' ' < /proc/$pid/cmdline)"; done
    echo "== /var/run/xen"; ls -l /var/run/xen/ 2>&1
    echo "== /libxl/$domid"; xenstore-ls -f /libxl/$domid 2>&1
    echo "== /local/domain/0/device-model/$domid"; xenstore-ls -f /local/domain/0/device-model/$domid 2>&1
    echo "== /local/domain/$domid"; xenstore-ls -f /local/domain/$domid 2>&1
    echo "== xl list -l"; timeout 30 xl list -l $domid 2>&1
  } > $f 2>&1
  note "HVM device model${2:+ ($2)}: $(timeout 30 "$dm" --version 2>&1 | head -n 1) ($dm)"
  note "HVM device model: /libxl/$domid/dm-version=$(xenstore-read /libxl/$domid/dm-version 2>&1)," \
       "QMP sockets: $(ls /var/run/xen/ 2>/dev/null | grep -i qmp | tr '\n' ' ')"
  note "HVM device model: /local/domain/0/device-model/$domid: $(xenstore-list /local/domain/0/device-model/$domid 2>&1 | tr '\n' ' ')," \
       "physmap entries: $(xenstore-list /local/domain/0/device-model/$domid/physmap 2>/dev/null | wc -l)," \
       "serial/0/tty=$(xenstore-read /local/domain/$domid/serial/0/tty 2>&1)"
}

# dm_status NAME: QEMU's run state as its monitor reports it ("running", "paused", ...).
dm_status() {
  timeout 30 xl qemu-monitor-command "$1" "info status" 2>&1 | sed -n 's/^VM status: \([a-z-]*\).*/\1/p' | head -n 1
}

# cli_checkpoint_step NAME CFG: livemig save --non-live --checkpoint of the running HVM guest
# (QMP stop and xen-save-devices-state, then cont as the domain resumes): afterwards QEMU reports
# "running" and the writer goes on in place, two heartbeats past the save, its own check finding
# nothing wrong. Last of the family: a guest resumed in place is the likeliest to triple-fault
# under emulation (workaround 8). Step cli-checkpoint-hvm.
cli_checkpoint_step() {
  local name=$1 cfg=$2 step=cli-checkpoint-hvm log seen status i line counter checked failed before
  if ! again_guest $name $cfg || ! guest_running $name; then
    step $step FAIL "not run: no running HVM guest"
    return 1
  fi
  DOMID=$(xl domid $name)  # a new one after a migration
  log=$CONSOLE_LOGS/guest-$name.log
  before=$(heartbeat_counter $name)
  java_step $OUT/$step.txt $LAB_SAVE_TIMEOUT "$name $cfg hvm-guest-again" $LIVEMIG_CLI \
    save --domid @DOMID@ --non-live --checkpoint --format xl --to /tmp/hvm-checkpoint.xl
  if [ $JAVA_RC != 0 ]; then
    step $step FAIL "livemig save rc $JAVA_RC: $(grep -a -v '^\s*$' $OUT/$step.txt | tail -n 1 | cut -c1-160)$JAVA_NOTE"
    return 1
  fi
  livemig_row $OUT/$step.txt "$(compare_tool hvm "livemig save")" "not live, checkpoint" >> $OUT/compare.txt
  rm -f /tmp/hvm-checkpoint.xl
  status=$(dm_status $name)
  if ! guest_running $name || [ "$status" != running ]; then
    step $step FAIL "after --checkpoint: domain $(xl list $name 2>/dev/null | awk 'NR == 2 { print "state " $5 }'), device model \"${status:-no answer}\"$JAVA_NOTE"
    return 1
  fi
  seen=$(grep -a -c "LIVEMIG GUEST counter=" "$log")
  i=0
  while [ $i -lt $LAB_RESUME_TIMEOUT ]; do
    line=$(grep -a -o "LIVEMIG GUEST counter=[0-9]* checked=[0-9]* failed=[0-9]*" "$log" | sed -n "$((seen + 2))p")
    [ -n "$line" ] && break
    guest_running $name || break
    i=$((i + 1)); sleep 1
  done
  if grep -a -q "LIVEMIG GUEST CHECK FAILED" "$log"; then
    step $step FAIL "the guest found its memory changed: $(grep -a -m 1 'CHECK FAILED' "$log" | cut -c1-120)"
    return 1
  fi
  if [ -z "$line" ]; then
    step $step FAIL "no two heartbeats within $LAB_RESUME_TIMEOUT s of the checkpoint (domain: $(xl list $name 2>/dev/null | awk 'NR == 2 { print $5 }'))"
    return 1
  fi
  read -r counter checked failed <<< "$(echo "$line" | sed 's/.*counter=\([0-9]*\) checked=\([0-9]*\) failed=\([0-9]*\)/\1 \2 \3/')"
  if [ "$failed" != 0 ] || [ "$counter" -le "${before:-0}" ]; then
    step $step FAIL "after the checkpoint: counter $counter (before: $before), $checked checked, $failed wrong"
    return 1
  fi
  step $step PASS "livemig save --non-live --checkpoint rc 0; QEMU running again, the guest went on in place: counter $before before, $counter after, $failed wrong$JAVA_NOTE"
}

hvm_steps() {
  local name=livemig-hvm cfg=hvm.cfg s LAB_ALIVE_TIMEOUT=$LAB_HVM_ALIVE_TIMEOUT
  # dom0's disk has room for one family's streams: the earlier guests' go unless they are kept
  [ "${LAB_KEEP_STREAMS:-0}" = 1 ] || rm -f /tmp/*.xl
  serial_logger_start
  if ! start_guest hvm-guest $name $cfg; then
    cat $OUT/xl-create-$name.txt
    for s in $HVM_STEPS; do step $s FAIL "not run: no HVM guest"; done
    cp /var/log/xen/qemu-dm-* $OUT/ 2>/dev/null
    return 1
  fi
  hvm_dm_facts $DOMID
  cli_save_steps $name $cfg
  xen_stream_family $name $cfg
  # the device model of a guest that came in by xl migrate (QEMU started with -incoming)
  guest_running $name && hvm_dm_facts $(xl domid $name) after-xl-migrate
  # from a fresh guest, as each of the PVH guest's livemig migrations (migrate_steps)
  if fresh_guest $name $cfg; then
    livemig_migrate_step $name $cfg
  else
    step livemig-migrate-hvm FAIL "not run: no running HVM guest"
  fi
  if fresh_guest $name $cfg; then
    livemig_migrate_relay_step $name $cfg
  else
    step livemig-migrate-relay-hvm FAIL "not run: no running HVM guest"
  fi
  cli_checkpoint_step $name $cfg
  timeout 60 xl destroy $name >/dev/null 2>&1
  cp /var/log/xen/qemu-dm-* $OUT/ 2>/dev/null
}
