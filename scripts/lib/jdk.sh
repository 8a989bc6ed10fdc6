# Sourced by the project's scripts: finds a JDK 25 (or newer) and exports JAVA_HOME and JAVA.
# Order: $LIVEMIG_JAVA_HOME, $JAVA_HOME, Temurin 25 under /usr/lib/jvm, any JDK there, java on PATH.

livemig_java_feature() { # prints the feature release of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

livemig_find_jdk() {
  local candidates=() c v
  [ -n "${LIVEMIG_JAVA_HOME:-}" ] && candidates+=("$LIVEMIG_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64)
  for c in /usr/lib/jvm/*; do candidates+=("$c"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] || continue
    v=$(livemig_java_feature "$c/bin/java")
    case "$v" in ''|*[!0-9]*) continue ;; esac
    if [ "$v" -ge 25 ]; then
      export JAVA_HOME="$c"
      export JAVA="$c/bin/java"
      return 0
    fi
  done
  echo "livemig: no JDK 25 or newer found (looked at \$LIVEMIG_JAVA_HOME, \$JAVA_HOME, /usr/lib/jvm/*, java on PATH)." >&2
  echo "livemig: install one (for example Temurin 25 into /usr/lib/jvm/temurin-25-jdk-amd64) or set LIVEMIG_JAVA_HOME." >&2
  return 1
}

livemig_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "livemig: Maven (mvn) is not on PATH; install it (Debian: apt-get install -y maven)." >&2
    return 1
  fi
}

# Builds target/livemig.jar when it is missing or older than the sources.
livemig_build_if_needed() {
  local root="$1" jar="$1/target/livemig.jar"
  if [ -f "$jar" ] && [ -z "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  livemig_require_maven || return 1
  echo "livemig: building (mvn package, tests and Javadoc skipped) ..." >&2
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -DskipTests -Dmaven.javadoc.skip=true package) >&2 || { echo "livemig: the build failed" >&2; return 1; }
}
