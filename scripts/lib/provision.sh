# Sourced by scripts/test: what the test suite needs besides a JDK 25, found, installed (as root,
# with apt-get) or reported in one message before Maven runs.
#
# LIVEMIG_TEST_WITHOUT=NAME,...  leave these tools out: the tests that need them are skipped as
#                                "not run: LIVEMIG_TEST_WITHOUT=..." and the summary lists them.
# The test side (src/test/java/io/livemig/testing/RequiredTool.java) finds each tool the same way
# and fails a test whose tool is missing; ProvisionTest checks that both sides agree.

# One line per tool: NAME|DEBIAN PACKAGE (- none)|WHAT IT IS|THE TESTS THAT NEED IT.
# NAME is what LIVEMIG_TEST_WITHOUT takes (all but maven).
livemig_tools() {
  cat <<'EOF'
maven|maven|Maven, which builds the project and runs the suite|every test
gcc|gcc|the C compiler gcc|FakeXenTest IndependentDigestTest XenLayoutTest
libc-dev|libc6-dev|the C library's headers and its static libc.a|FakeXenTest IndependentDigestTest XenLayoutTest
xen-dev|libxen-dev|the Xen 4.17 headers and libraries, xenctrl.h and libxenctrl.so.4.17|FakeXenTest XenLayoutTest XenWithoutXenTest
python3|python3|python3, which runs Xen's stream verifier|FakeXenTest XenVerifierTest
xen-verifier|-|Xen 4.17's stream verifier, verify-stream-v2 of Debian's xen-utils-4.17, which scripts/verify-with-xen --fetch unpacks into a cache|FakeXenTest XenVerifierTest
chromium|chromium|a headless Chromium, which renders the HTML report|CliReportTest
iproute2|iproute2|iproute2's ip, which makes the network namespaces|TwoHostsTest
root|-|root, which network namespaces need|TwoHostsTest
EOF
}

# Whether tool $1 is here (status 0) or not (1). Must find what RequiredTool.locate finds.
livemig_tool_present() {
  local p
  case "$1" in
    maven) command -v mvn >/dev/null 2>&1 ;;
    gcc) command -v gcc >/dev/null 2>&1 ;;
    libc-dev)
      [ -f /usr/include/stdio.h ] || return 1
      for p in /usr/lib/*/libc.a /usr/lib/libc.a; do [ -f "$p" ] && return 0; done
      return 1 ;;
    xen-dev) [ -f /usr/include/xenctrl.h ] && [ -e /usr/lib/x86_64-linux-gnu/libxenctrl.so.4.17 ] ;;
    python3) command -v python3 >/dev/null 2>&1 ;;
    xen-verifier) "$livemig_root/scripts/verify-with-xen" --locate >/dev/null 2>&1 ;;
    chromium)
      if [ -n "${LIVEMIG_CHROMIUM:-}" ]; then
        [ -f "$LIVEMIG_CHROMIUM" ] && [ -x "$LIVEMIG_CHROMIUM" ]
      else
        command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
          || command -v google-chrome >/dev/null 2>&1
      fi ;;
    iproute2)
      for p in /usr/sbin/ip /sbin/ip /usr/bin/ip /bin/ip; do [ -f "$p" ] && [ -x "$p" ] && return 0; done
      return 1 ;;
    root) [ "$(id -u)" = 0 ] ;;
    *) return 1 ;;
  esac
}

# Sets livemig_missing (names of absent tools not left out) and livemig_without (names left out).
livemig_find_tools() {
  local name package what tests
  livemig_missing=() livemig_without=()
  while IFS='|' read -r name package what tests; do
    if [ "$name" != maven ] && livemig_left_out "$name"; then
      livemig_without+=("$name")
    elif ! livemig_tool_present "$name"; then
      livemig_missing+=("$name")
    fi
  done < <(livemig_tools)
}

livemig_left_out() { # whether LIVEMIG_TEST_WITHOUT names $1
  case ",${LIVEMIG_TEST_WITHOUT:-}," in *",$1,"*) return 0 ;; esac
  return 1
}

livemig_tool_field() { # $1 name, $2 field number (2 package, 3 what, 4 tests)
  livemig_tools | awk -F'|' -v n="$1" -v f="$2" '$1 == n { print $f }'
}

# Status 2 with a message when LIVEMIG_TEST_WITHOUT names something that is not a tool.
livemig_check_without() {
  local known name bad=()
  known=$(livemig_tools | awk -F'|' '$1 != "maven" { printf "%s%s", sep, $1; sep = "," }')
  IFS=',' read -r -a names <<<"${LIVEMIG_TEST_WITHOUT:-}"
  for name in "${names[@]}"; do
    [ -z "$name" ] && continue
    case ",$known," in *",$name,"*) ;; *) bad+=("$name") ;; esac
  done
  if [ ${#bad[@]} -gt 0 ]; then
    echo "livemig: LIVEMIG_TEST_WITHOUT names what is not a tool of the suite: ${bad[*]} (the names are: $known)" >&2
    return 2
  fi
}

# The packages (space separated) that install the tools named in $@.
livemig_packages_of() {
  local name package out=()
  for name in "$@"; do
    package=$(livemig_tool_field "$name" 2)
    [ "$package" != - ] && out+=("$package")
  done
  echo "${out[*]}"
}

# Finds what the suite needs; installs what is missing when $1 is "install" and this is root with
# apt-get; otherwise, or when something is still missing, prints one message saying what is missing,
# for which tests, how to install it and how to run without it, and returns 1.
livemig_provision() {
  local mode="$1" why packages name line optout
  livemig_check_without || return 2
  livemig_find_tools
  [ ${#livemig_missing[@]} -eq 0 ] && return 0
  if [ "$mode" != install ]; then
    why="nothing was installed: --no-install or LIVEMIG_TEST_INSTALL=0"
  elif [ "$(id -u)" != 0 ]; then
    why="nothing was installed: not root"
  elif ! command -v apt-get >/dev/null 2>&1; then
    why="nothing was installed: no apt-get here"
  else
    packages=$(livemig_packages_of "${livemig_missing[@]}")
    why="they are still missing after the install above"
    if [ -n "$packages" ]; then
      echo "livemig: installing what the test suite needs: $packages" >&2
      # shellcheck disable=SC2086 # one word per package
      { DEBIAN_FRONTEND=noninteractive apt-get update -q \
          && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages; } >&2 \
        || why="apt-get failed (see above)"
    fi
    if [[ " ${livemig_missing[*]} " == *" xen-verifier "* ]] && livemig_tool_present python3; then
      echo "livemig: fetching Xen's stream verifier: scripts/verify-with-xen --fetch --locate" >&2
      "$livemig_root/scripts/verify-with-xen" --fetch --locate >&2 || why="scripts/verify-with-xen --fetch failed (see above)"
    fi
    livemig_find_tools
    [ ${#livemig_missing[@]} -eq 0 ] && return 0
  fi

  {
    echo "livemig: the test suite needs what is missing here ($why):"
    for name in "${livemig_missing[@]}"; do
      line="  - $name: $(livemig_tool_field "$name" 3)"
      package=$(livemig_tool_field "$name" 2)
      [ "$package" != - ] && line+=" (Debian package $package)"
      [ "$name" = root ] && line+=" (this is uid $(id -u))"
      [ "$name" = chromium ] && [ -n "${LIVEMIG_CHROMIUM:-}" ] && line+=" (LIVEMIG_CHROMIUM=$LIVEMIG_CHROMIUM is not an executable file)"
      echo "$line; needed by $(livemig_tool_field "$name" 4 | sed 's/ /, /g')"
    done
    packages=$(livemig_packages_of "${livemig_missing[@]}")
    echo "livemig: to install them:"
    [ -n "$packages" ] && echo "    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages   (as root)"
    [[ " ${livemig_missing[*]} " == *" xen-verifier "* ]] && echo "    scripts/verify-with-xen --fetch --locate   (as the user who runs the tests: it unpacks into ${LIVEMIG_CACHE:-~/.cache/livemig})"
    [[ " ${livemig_missing[*]} " == *" root "* ]] && echo "    run scripts/test as root (network namespaces cannot be made otherwise)"
    if [ "$mode" != install ] || [ "$(id -u)" != 0 ]; then
      echo "    (as root, and without --no-install or LIVEMIG_TEST_INSTALL=0, scripts/test does all of this itself)"
    fi
    optout=$(IFS=,; echo "${livemig_missing[*]}")
    [[ " ${livemig_missing[*]} " == *" maven "* ]] && optout=$(echo ",$optout," | sed 's/,maven,/,/; s/^,//; s/,$//')
    if [ -n "$optout" ]; then
      [ -n "${LIVEMIG_TEST_WITHOUT:-}" ] && optout="$LIVEMIG_TEST_WITHOUT,$optout"
      echo "livemig: or run the suite without them (their tests are skipped and the summary lists them as not run):"
      echo "    LIVEMIG_TEST_WITHOUT=$optout scripts/test"
    fi
  } >&2
  return 1
}

# One line per tool left out with LIVEMIG_TEST_WITHOUT: the tests that will not run.
livemig_report_without() {
  local name
  for name in "${livemig_without[@]}"; do
    echo "livemig: will not run (LIVEMIG_TEST_WITHOUT=$name): $(livemig_tool_field "$name" 4 | sed 's/ /, /g')" >&2
  done
}
