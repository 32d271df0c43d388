# Finding a JDK 25 (or newer): sourced by ./gridscope and the packaging build.
#   GRIDSCOPE_JAVA (a java binary), then JAVA_HOME, then the usual install locations, then java on the PATH.

# Major version of a java binary: from the JDK's release file when there is one (no JVM start), else by asking it.
java_major() {
  local home release
  home="$(dirname "$(dirname "$(readlink -f "$1")")")"
  release="$home/release"
  if [[ -f "$release" ]]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  else
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
  fi
}

find_java() {
  local candidates=()
  [[ -n "${GRIDSCOPE_JAVA:-}" ]] && candidates+=("$GRIDSCOPE_JAVA")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  local d
  for d in /usr/lib/jvm/*25* /usr/lib/jvm/*-25-* /opt/java/*25* /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
    [[ -x "$d/bin/java" ]] && candidates+=("$d/bin/java")
  done
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  local c
  for c in "${candidates[@]}"; do
    if [[ -x "$c" ]] && [[ "$(java_major "$c")" -ge 25 ]] 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
}

# The home directory of the JDK whose java binary find_java chose.
find_jdk_home() {
  local java
  java="$(find_java)" || return 1
  dirname "$(dirname "$(readlink -f "$java")")"
}
