#!/usr/bin/env bash
# Builds Gridscope's Linux packages from the built console (console-app/target):
#
#   1. a trimmed Java runtime: jdeps lists the JDK modules the jars use, jlink links them with the JavaFX modules
#      (their Linux x86-64 native libraries go beside the JDK's own in lib/, so nothing is unpacked at run time);
#   2. a jpackage app-image (launchers gridscope and gridscope-collect) with the JVM options of launcher.conf;
#   3. its start-up cache: a JDK 25 AOT cache (JEP 483) made by one headless training run of the console at
#      package time, shipped in the image and named by the launchers' options;
#   4. a .deb (dpkg-deb) that installs the image under /opt/gridscope with a command on the PATH, a desktop
#      entry, icons, AppStream metainfo and a systemd user unit; and an .rpm from the same tree where rpmbuild is
#      present.
#
#   packaging/package.sh --version V --console DIR --out DIR [--types app-image,deb,rpm] [--no-aot]
#
# Run by the packaging module's build (mvn package); see packaging/README.md.
set -euo pipefail

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SRC="$HERE/src/linux"
ICONS="$HERE/src/icons"

APP=gridscope                      # package, launcher and directory name
APP_ID=io.gridscope.Gridscope      # desktop entry, icon and AppStream id
MAIN_CLASS=io.gridscope.console.Main
# Modules the code reaches without naming them, which jdeps cannot see:
#   jdk.localedata   number, date and currency formats for every locale, not only English (a service provider)
EXTRA_MODULES=jdk.localedata

die() { echo "package.sh: $*" >&2; exit 1; }
step() { echo "package.sh: [${SECONDS}s] $*" >&2; }

version="" console="" out="" types="app-image,deb,rpm" aot=1
# xz, which every dpkg reads (zstd needs dpkg 1.21.18+); level 3 is within 1 MB of level 6 at a seventh of its time
deb_compressor="${GRIDSCOPE_DEB_COMPRESSOR:-xz}" deb_level="${GRIDSCOPE_DEB_LEVEL:-3}"
while (($#)); do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --console) console="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --types) types="$2"; shift 2 ;;
    --no-aot) aot=0; shift ;;
    *) die "unknown argument: $1" ;;
  esac
done
[[ -n "$version" && -n "$console" && -n "$out" ]] || die "usage: package.sh --version V --console DIR --out DIR"
[[ "$version" =~ ^[0-9]+(\.[0-9]+)*(-[A-Za-z0-9.]+)?$ ]] || die "not a version: $version"

# Debian and RPM order a pre-release before its release with '~' (0.2.0~SNAPSHOT < 0.2.0); Maven writes '-'.
pkg_version="${version/-/\~}"

# shellcheck source=../scripts/lib/jdk.sh
source "$ROOT/scripts/lib/jdk.sh"
JDK="$(find_jdk_home)" || die "JDK 25 not found: set GRIDSCOPE_JAVA or JAVA_HOME to a Java 25 installation"
for tool in jdeps jlink jpackage; do
  [[ -x "$JDK/bin/$tool" ]] || die "$JDK has no $tool"
done

conf="$console/launcher/launcher.conf"
lib="$console/lib"
main_jar="gridscope-console-app-$version.jar"
[[ -f "$conf" ]] || die "$conf is missing: build the console first (mvn -pl console-app -am package)"
[[ -f "$console/$main_jar" ]] || die "$console/$main_jar is missing: build the console first"
javafx_version="$(sed -n 's/^javafx.version=//p' "$conf")"
[[ "$(sed -n 's/^version=//p' "$conf")" == "$version" ]] || die "$conf is of another version than $version"

rm -rf "$out"
mkdir -p "$out"
work="$out/work"
mkdir -p "$work/input" "$work/javafx"

# ---- the application's jars: JavaFX goes into the runtime, everything else into the image's app directory
step "collecting the console's jars ($version)"
cp "$console/$main_jar" "$work/input/"
for jar in "$lib"/*.jar; do
  name="${jar##*/}"
  case "$name" in
    javafx-*-"$javafx_version".jar) ;;                               # empty placeholders of the platform jars
    javafx-*-"$javafx_version"-linux.jar) cp "$jar" "$work/javafx/" ;;
    javafx-*) die "JavaFX jar of another version in $lib: $name" ;;
    *) cp "$jar" "$work/input/" ;;
  esac
done
ls "$work/javafx"/javafx-graphics-*.jar >/dev/null 2>&1 || die "no JavaFX Linux jars in $lib"

# Native libraries are unpacked once here, for Linux x86-64 only, instead of into ~/.openjfx, /tmp or ~/.cache
# at every start (which also fails where /tmp is mounted noexec).
native="$work/native"
mkdir -p "$native/javafx" "$native/app"
(cd "$native/javafx" && "$JDK/bin/jar" xf "$work/javafx/javafx-graphics-$javafx_version-linux.jar" \
  $("$JDK/bin/jar" tf "$work/javafx/javafx-graphics-$javafx_version-linux.jar" | grep -E '^lib[^/]*\.so$'))
ls "$native/javafx"/libglass.so >/dev/null || die "no JavaFX native libraries in javafx-graphics"
sqlite_jar="$(ls "$work/input"/sqlite-jdbc-*.jar)"
jna_jar="$(ls "$work/input"/jna-jpms-*.jar)"
(cd "$native/app" && "$JDK/bin/jar" xf "$sqlite_jar" org/sqlite/native/Linux/x86_64/libsqlitejdbc.so \
  && mv org/sqlite/native/Linux/x86_64/libsqlitejdbc.so . \
  && "$JDK/bin/jar" xf "$jna_jar" com/sun/jna/linux-x86-64/libjnidispatch.so \
  && mv com/sun/jna/linux-x86-64/libjnidispatch.so . && rm -rf org com)
[[ -f "$native/app/libsqlitejdbc.so" && -f "$native/app/libjnidispatch.so" ]] || die "native libraries missing"
cp "$native/app"/*.so "$work/input/"
# ... and the other platforms' copies inside the jars are left out (about 13 MB of the package).
for pair in "$sqlite_jar:org/sqlite/native/" "$jna_jar:com/sun/jna/"; do
  jar="${pair%%:*}"
  if [[ "$jar" == "$jna_jar" ]]; then
    dirs=($("$JDK/bin/jar" tf "$jar" | grep -E '^com/sun/jna/[^/]+-[^/]+/$'))
  else
    dirs=("${pair#*:}")
  fi
  "$JDK/bin/java" "$HERE/src/build/JarWithout.java" "$jar" "$jar.trimmed" "${dirs[@]}"
  mv "$jar.trimmed" "$jar"
done

# ---- the runtime: the JDK modules the jars need (jdeps), the JavaFX modules, nothing else
step "finding the JDK modules the jars use (jdeps)"
javafx_path="$(ls "$work/javafx"/*.jar | tr '\n' ':')"
app_jars=("$work/input"/*.jar)
# The console's jar is the root; the analysis follows what it reaches through the class path (transitively).
modules="$("$JDK/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 -q \
  --module-path "$javafx_path" --class-path "$(IFS=:; echo "${app_jars[*]}")" "$work/input/$main_jar")"
[[ "$modules" =~ ^[a-z.,]+$ ]] || die "jdeps printed no module list: $modules"
modules="$modules,$EXTRA_MODULES"
echo "$modules" | tr ',' '\n' | sort -u > "$out/runtime-modules.txt"
step "linking the runtime: $(paste -sd, "$out/runtime-modules.txt")"
runtime="$work/runtime"
"$JDK/bin/jlink" --module-path "$javafx_path" --add-modules "$(paste -sd, "$out/runtime-modules.txt")" \
  --strip-debug --no-header-files --no-man-pages \
  --exclude-resources '/javafx.graphics/lib*.so' \
  --output "$runtime"
cp "$native/javafx"/*.so "$runtime/lib/"

# ---- JVM options: launcher.conf's, with the native libraries and the start-up cache of the image
jvm=() javafx=() collect=() collect_without=()
while IFS= read -r line || [[ -n "$line" ]]; do
  case "$line" in
    jvm=*) jvm+=("${line#jvm=}") ;;
    jvm.javafx=*) javafx+=("${line#jvm.javafx=}") ;;
    jvm.collect=*) collect+=("${line#jvm.collect=}") ;;
    collect.without=*) collect_without+=("${line#collect.without=}") ;;
  esac
done < "$conf"
jvm+=(
  "-Dorg.sqlite.lib.path=\$APPDIR" "-Dorg.sqlite.lib.name=libsqlitejdbc.so"
  "-Djna.boot.library.path=\$APPDIR" "-Djna.nounpack=true"
)
aot_opts=()
((aot)) && aot_opts=("-XX:AOTCache=\$APPDIR/$APP.aot")

cat > "$work/collect.properties" <<EOF
description=Gridscope headless collection
arguments=collect
java-options=${jvm[*]} ${collect[*]}
EOF

step "making the app-image (jpackage)"
image_parent="$out/app-image"
jpackage_args=(
  --type app-image --name "$APP" --app-version "$version"
  --vendor "Gridscope" --description "Observability and cost governance for AI infrastructure"
  --copyright "Copyright 2026 the Gridscope authors"
  --icon "$ICONS/png/gridscope-256.png"
  --input "$work/input" --main-jar "$main_jar" --main-class "$MAIN_CLASS"
  --runtime-image "$runtime"
  --add-launcher "$APP-collect=$work/collect.properties"
  --dest "$image_parent"
)
for o in "${aot_opts[@]+"${aot_opts[@]}"}" "${jvm[@]}" "${javafx[@]}"; do jpackage_args+=(--java-options "$o"); done
"$JDK/bin/jpackage" "${jpackage_args[@]}"
image="$image_parent/$APP"
appdir="$image/lib/app"
[[ -x "$image/bin/$APP" && -f "$appdir/$APP.cfg" ]] || die "jpackage made no launcher"
# gridscope-collect's class path: the console's, less launcher.conf's collect.without jars (jpackage gives every
# launcher the main one's)
collect_cfg="$appdir/$APP-collect.cfg"
[[ -f "$collect_cfg" ]] || die "jpackage made no $APP-collect launcher"
kept=()
while IFS= read -r line || [[ -n "$line" ]]; do
  if [[ "$line" == app.classpath=* ]]; then
    name="${line##*/}"
    for glob in "${collect_without[@]}"; do
      # shellcheck disable=SC2053 # a glob on purpose
      [[ "$name" == $glob ]] && continue 2
    done
  fi
  kept+=("$line")
done < "$collect_cfg"
printf '%s\n' "${kept[@]}" > "$collect_cfg"
grep -q '^app.classpath=.*gridscope-collectors-' "$collect_cfg" || die "$collect_cfg lost the collectors' jar"

# ---- the start-up cache: one headless training run with the launcher's own class path and options
if ((aot)); then
  step "training the start-up cache (AOT, one headless start of the console)"
  cp_list="$(sed -n 's/^app.classpath=//p' "$appdir/$APP.cfg" | sed "s#\\\$APPDIR#$appdir#g" | paste -sd:)"
  train_opts=()
  for o in "${jvm[@]}" "${javafx[@]}"; do train_opts+=("${o//\$APPDIR/$appdir}"); done
  train="$work/train"
  mkdir -p "$train"
  if ! env -u DISPLAY XDG_CONFIG_HOME="$train/config" XDG_STATE_HOME="$train/state" XDG_DATA_HOME="$train/share" \
      HOME="$train/home" "$image/lib/runtime/bin/java" -XX:AOTCacheOutput="$appdir/$APP.aot" "${train_opts[@]}" \
      -Dglass.platform=Headless -Dprism.order=sw -Dgridscope.exitAfterShownMillis=1500 \
      -Dgridscope.log.dir="$train/log" -cp "$cp_list" "$MAIN_CLASS" --data-dir "$train/data" \
      >"$train/train.log" 2>&1; then
    tail -n 30 "$train/train.log" >&2
    die "the start-up cache's training run failed (log above)"
  fi
  [[ -s "$appdir/$APP.aot" ]] || die "the training run made no start-up cache"
  if [[ -e "$train/home/.openjfx" || -e "$train/home/.cache" ]]; then
    die "the training run unpacked native libraries into the home directory: $(ls -A "$train/home")"
  fi
fi
"$image/bin/$APP" --version >/dev/null || die "the app-image's launcher does not start"
step "app-image: $image ($(du -sh "$image" | cut -f1))"

# ---- the release: its date is that of its section in CHANGELOG.md ("## 0.1.0 — 2026-12-02"); a version without
# a section (a snapshot, a local rebuild) is a development release of today
release_date="$(sed -n "s/^## ${version//./\\.} — \([0-9]\{4\}-[0-9]\{2\}-[0-9]\{2\}\)\$/\1/p" "$ROOT/CHANGELOG.md" | head -n 1)"
release_type=stable
if [[ -z "$release_date" ]]; then
  release_date="$(date -u +%F)" release_type=development
  step "CHANGELOG.md has no section for $version: packaged as a development release"
fi

# ---- the package tree shared by the .deb and the .rpm
stage_tree() {
  local root="$1"
  mkdir -p "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/metainfo" \
    "$root/usr/lib/systemd/user" "$root/usr/share/doc/$APP" "$root/usr/share/icons/hicolor/scalable/apps"
  cp -a "$image" "$root/opt/$APP"
  install -m 755 "$SRC/$APP" "$root/usr/bin/$APP"
  install -m 644 "$SRC/$APP_ID.desktop" "$root/usr/share/applications/$APP_ID.desktop"
  sed -e "s/@VERSION@/$version/g" -e "s/@DATE@/$release_date/g" -e "s/@TYPE@/$release_type/g" \
    "$SRC/$APP_ID.metainfo.xml" > "$root/usr/share/metainfo/$APP_ID.metainfo.xml"
  install -m 644 "$SRC/$APP-collect.service" "$root/usr/lib/systemd/user/$APP-collect.service"
  install -m 644 "$ICONS/gridscope.svg" "$root/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
  local png size
  for png in "$ICONS"/png/gridscope-*.png; do
    size="${png##*-}"; size="${size%.png}"
    mkdir -p "$root/usr/share/icons/hicolor/${size}x${size}/apps"
    install -m 644 "$png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
  done
  install -m 644 "$SRC/copyright" "$root/usr/share/doc/$APP/copyright"
  gzip -9n -c "$ROOT/CHANGELOG.md" > "$root/usr/share/doc/$APP/changelog.gz"
  chmod -R u+rwX,go+rX,go-w "$root"
}

if [[ ",$types," == *,deb,* ]] && ! command -v dpkg-deb >/dev/null; then
  step "no dpkg-deb here (not a Debian-based system): no .deb made"
elif [[ ",$types," == *,deb,* ]]; then
  step "making the .deb"
  deb_root="$work/deb"
  stage_tree "$deb_root"
  mkdir -p "$deb_root/DEBIAN"
  installed_kb="$(du -sk --exclude=DEBIAN "$deb_root" | cut -f1)"
  sed -e "s/@VERSION@/$pkg_version/g" -e "s/@INSTALLED_SIZE@/$installed_kb/g" "$SRC/deb/control" \
    > "$deb_root/DEBIAN/control"
  for script in postinst postrm; do
    install -m 755 "$SRC/deb/$script" "$deb_root/DEBIAN/$script"
  done
  deb="$out/${APP}_${pkg_version}_amd64.deb"
  dpkg-deb --root-owner-group -Z"$deb_compressor" -z"$deb_level" --build "$deb_root" "$deb" >/dev/null
  step "deb: $deb ($(du -h "$deb" | cut -f1), installed $((installed_kb / 1024)) MiB)"
  rm -rf "$deb_root"
fi

if [[ ",$types," == *,rpm,* ]]; then
  if command -v rpmbuild >/dev/null; then
    step "making the .rpm"
    rpm_root="$work/rpm-root"
    stage_tree "$rpm_root"
    rpm_version="${pkg_version%%~*}"
    rpm_release="1"
    [[ "$pkg_version" == *~* ]] && rpm_release="0.1.${pkg_version#*~}"
    sed -e "s/@VERSION@/$rpm_version/g" -e "s/@RELEASE@/$rpm_release/g" "$SRC/rpm/gridscope.spec" \
      > "$work/gridscope.spec"
    rpmbuild -bb --quiet --define "_topdir $work/rpmbuild" --define "_rpmdir $out" \
      --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" \
      --define "gridscope_root $rpm_root" "$work/gridscope.spec"
    step "rpm: $(ls "$out"/*.rpm)"
    rm -rf "$rpm_root"
  else
    step "no rpmbuild here: no .rpm made"
  fi
fi

rm -rf "$work/input" "$work/javafx" "$work/native" "$runtime"
