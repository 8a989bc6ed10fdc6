# The PV family of the Xen lab, sourced by dom0-init.sh (whose helpers it uses, and those of
# steps-migrate.sh). The PV guest (pv.cfg: the same kernel, initramfs and guest-writer as the PVH
# one; shadow-paging log-dirty, libxc stream type x86 PV) goes through the PVH guest's families,
# each step named after its type, pv:
#   pv-guest              xl create pv.cfg, until the writer's first heartbeat
#   junit-pv              the xen-lab JUnit tests against it (pv-guest-again when they leave it
#                         suspended, paused or gone)
#   cli-save-pv, cli-inspect-pv, xen-verify-pv, xl-restore-pv
#                         livemig's live save of the writing guest as an xl save file, livemig
#                         inspect and Xen's verifier on it, xl restore of it and the guest's own
#                         check of its memory (cli_save_steps)
#   xl-save-pv, xl-save-read-pv, xl-save-restore-pv, xl-migrate-pv, xl-migrate-read-pv
#                         xl save and a live xl migrate to localhost, livemig inspect and receive
#                         of their streams against stream-digest (xen_stream_family)
#   livemig-migrate-pv    livemig migrate to localhost's stock xl migrate-receive over the ssh
#                         stand-in, the guest-seen downtime in its COMPARE row (steps-migrate.sh)
#   cli-save-nonlive-pv   livemig save --non-live --checkpoint, last (cli_save_nonlive_step)
# Not for PV (the PVH guest covers what they test of livemig's migrate, and they cost minutes
# under emulation): livemig-migrate-fail, livemig-migrate-relay and auto-converge.

# Every step of the family, in the verdict (scripts/xen-lab's expected_steps lists them too).
PV_STEPS="junit-pv cli-save-pv cli-inspect-pv xen-verify-pv xl-restore-pv xl-save-pv xl-save-read-pv
  xl-save-restore-pv xl-migrate-pv xl-migrate-read-pv livemig-migrate-pv cli-save-nonlive-pv"

pv_steps() {
  local name=livemig-pv cfg=pv.cfg s
  # dom0's disk has room for one family's streams: the PVH guest's go unless they are kept
  [ "${LAB_KEEP_STREAMS:-0}" = 1 ] || rm -f /tmp/*.xl
  if ! start_guest pv-guest $name $cfg; then
    for s in $PV_STEPS; do step $s FAIL "not run: no PV guest"; done
    return 1
  fi
  run_junit junit-pv $name pv
  note "PV guest after the tests: $(xl list $name 2>/dev/null | awk 'NR == 2 { print "state " $5 }'), $(last_heartbeat $name)"
  run_extra extra-pv $name pv
  cli_save_steps $name $cfg
  xen_stream_family $name $cfg
  # from a fresh guest, as each of the PVH guest's livemig migrations (migrate_steps)
  if fresh_guest $name $cfg; then
    livemig_migrate_step $name $cfg
  else
    step livemig-migrate-pv FAIL "not run: no running PV guest"
  fi
  cli_save_nonlive_step $name $cfg
  timeout 60 xl destroy $name >/dev/null 2>&1
}
