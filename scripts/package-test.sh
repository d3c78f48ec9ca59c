#!/usr/bin/env bash
# Builds the Linux packages (release) and tests the .deb as a user gets it: installs it with apt,
# checks the desktop entry, the icon and both commands on PATH (`fleetdeck-desktop`, `fleetdeck`),
# starts the installed app under Xvfb (throw-away data directory and keyring service, the sandbox
# accounts) and saves a screenshot to target/package-test/, ends it, purges the package and checks
# that nothing it installed is left. Checks the .rpm's version, contents and requirements, and
# prints the size of each package.
#   bash scripts/package-test.sh       (root or sudo; about 12 min for a cold release build)
# Run on demand and by .github/workflows/release.yml, not by test.sh. Refuses to run when the
# Fleetdeck package is already installed (it would purge it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
OUT="$ROOT/target/package-test"

log() { echo "package-test: $*" >&2; }
die() { echo "package-test: FAILED: $*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "run as root or install sudo (apt installs the package)"
  SUDO="sudo"
fi

# The libraries the app needs at run time: the Tauri CLI adds WebKitGTK, GTK and (tray-icon) the
# Ayatana app indicator itself, tauri.conf.json bundle.linux.{deb,rpm}.depends the rest (the tray
# loads the indicator library at run time, so ldd does not show it).
DEB_NEEDS="libwebkit2gtk-4.1-0 libjavascriptcoregtk-4.1-0 libgtk-3-0 libayatana-appindicator3-1 libsoup-3.0-0 libglib2.0-0"
RPM_NEEDS="webkit2gtk4.1 javascriptcoregtk4.1 gtk3 libayatana-appindicator-gtk3 libsoup3 glib2"

# ---------------------------------------------------------------------------------------------
# Inside Xvfb and a private D-Bus session with a keyring (scripts/with-keyring.sh): start the
# installed app, screenshot it, end its whole process group.
if [ "${1:-}" = "__run-installed-app" ]; then
  shot="$2"
  scratch="$(mktemp -d -t fleetdeck-package-test.XXXXXX)"
  export FLEETDECK_DATA_DIR="$scratch/data" FLEETDECK_KEYRING_SERVICE="fleetdeck-package-test"
  export FLEETDECK_START_SANDBOX=1 NO_AT_BRIDGE=1
  mkdir -p "$FLEETDECK_DATA_DIR"
  # Its own process group, so that ending it ends every WebKit process it started.
  setsid /usr/bin/fleetdeck-desktop >"$scratch/app.log" 2>&1 &
  app=$!
  stop_app() {
    kill -TERM -- "-$app" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
  }
  trap 'stop_app; rm -rf "$scratch"' EXIT
  window=""
  for _ in $(seq 150); do
    kill -0 "$app" 2>/dev/null || { cat "$scratch/app.log" >&2; echo "the app exited at start" >&2; exit 1; }
    window="$(xwininfo -root -tree 2>/dev/null | awk '/"Fleetdeck"/ {print $1; exit}')"
    [ -n "$window" ] && break
    sleep 0.2
  done
  [ -n "$window" ] || { cat "$scratch/app.log" >&2; echo "no Fleetdeck window within 30 s" >&2; exit 1; }
  sleep 6 # the sandbox accounts load and the table fills
  kill -0 "$app" 2>/dev/null || { cat "$scratch/app.log" >&2; echo "the app died after opening its window" >&2; exit 1; }
  import -window root "$shot"
  # A window that painted nothing is one flat colour.
  spread="$(identify -format '%[fx:standard_deviation]' "$shot")"
  awk -v s="$spread" 'BEGIN { exit !(s > 0.02) }' || { echo "the screenshot is blank (deviation $spread)" >&2; exit 1; }
  echo "window $window shown; screenshot $shot"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
mkdir -p "$OUT"
rm -f "$OUT"/*.png

log "installing the build and test prerequisites (scripts/setup.sh) and the package tools"
bash scripts/setup.sh
tools=""
for p in desktop-file-utils imagemagick rpm x11-utils xvfb xauth; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || tools="$tools $p"
done
if [ -n "$tools" ]; then
  $SUDO apt-get update
  # shellcheck disable=SC2086 # a list of package names
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $tools
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The one version of the project (src-tauri/crates/cli/tests/version.rs keeps the others equal).
VERSION="$(awk '/^\[workspace\.package\]/{t=1; next} /^\[/{t=0} t && /^version *=/{gsub(/[" ]/, ""); sub(/^version=/, ""); print; exit}' Cargo.toml)"
[ -n "$VERSION" ] || die "no [workspace.package] version in Cargo.toml"

log "building the .deb and .rpm of $VERSION (release)"
build_args=(--bundles deb,rpm)
# Updater artifacts need the signing key; without it the packages are built without them.
[ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" ] || build_args+=(--config '{"bundle":{"createUpdaterArtifacts":false}}')
start=$SECONDS
npx tauri build "${build_args[@]}"
log "build: $((SECONDS - start)) s"

shopt -s nullglob
debs=(target/release/bundle/deb/*_"$VERSION"_*.deb)
rpms=(target/release/bundle/rpm/*-"$VERSION"-*.rpm)
shopt -u nullglob
[ "${#debs[@]}" -eq 1 ] || die "expected one .deb of $VERSION, found: ${debs[*]:-none}"
[ "${#rpms[@]}" -eq 1 ] || die "expected one .rpm of $VERSION, found: ${rpms[*]:-none}"
DEB="$ROOT/${debs[0]}" RPM="$ROOT/${rpms[0]}"

# --- the .deb's control data -------------------------------------------------------------------
PKG="$(dpkg-deb -f "$DEB" Package)"
[ "$(dpkg-deb -f "$DEB" Version)" = "$VERSION" ] || die ".deb version $(dpkg-deb -f "$DEB" Version), expected $VERSION"
depends="$(dpkg-deb -f "$DEB" Depends)"
log "$PKG $VERSION Depends: $depends"
for lib in $DEB_NEEDS; do
  echo ", $depends," | grep -qE ",[[:space:]]*$lib[[:space:]]*(\(|,)" || die ".deb does not depend on $lib"
done
dups="$(echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | sort | uniq -d)"
[ -z "$dups" ] || die ".deb names a dependency twice: $dups"
# Paths as dpkg -L lists them: absolute, no trailing slash ("usr/bin/" or "./usr/bin/" → "/usr/bin").
dpkg-deb -c "$DEB" | awk '{print $6}' | sed -E 's|^\./||; s|^|/|; s|/$||' | grep -vx '/' > "$OUT/deb-contents.txt"
grep -qx /usr/bin/fleetdeck-desktop "$OUT/deb-contents.txt" || die ".deb has no /usr/bin/fleetdeck-desktop"
# One binary: `fleetdeck` is a link to it that the maintainer scripts make and remove.
! grep -qx /usr/bin/fleetdeck "$OUT/deb-contents.txt" || die ".deb ships /usr/bin/fleetdeck as a second binary"
dpkg-deb -I "$DEB" postinst | grep -q 'ln -sf fleetdeck-desktop /usr/bin/fleetdeck' || die ".deb postinst does not link fleetdeck"
dpkg-deb -I "$DEB" postrm | grep -q 'rm -f /usr/bin/fleetdeck' || die ".deb postrm does not remove the fleetdeck link"
if [ -e /usr/bin/fleetdeck ] || [ -L /usr/bin/fleetdeck ]; then die "/usr/bin/fleetdeck exists before the install (this test removes it at the end)"; fi

if dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'install ok installed'; then
  die "$PKG is already installed here; remove it first (this test purges it at the end)"
fi

# Which of the package's paths exist before it is installed: after the purge exactly those may.
existed="$OUT/existed-before.txt"
: > "$existed"
while IFS= read -r path; do
  [ "$path" = "/" ] && continue
  path="${path%/}"
  if [ -e "$path" ]; then echo "$path" >> "$existed"; fi
done < "$OUT/deb-contents.txt"

installed=""
purge() {
  if [ -n "$installed" ]; then
    log "apt-get purge -y $PKG"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get purge -y "$PKG" >&2
    installed=""
  fi
}
trap purge EXIT

# --- install --------------------------------------------------------------------------------
log "apt-get install $DEB"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "$DEB" >&2
installed=1
dpkg -L "$PKG" > "$OUT/dpkg-L.txt"

desktop="$(grep -E '^/usr/share/applications/[^/]+\.desktop$' "$OUT/dpkg-L.txt" | head -n 1)"
[ -n "$desktop" ] || die "the package installs no desktop entry"
desktop-file-validate "$desktop" || die "desktop-file-validate $desktop"
exec_line="$(grep -m1 '^Exec=' "$desktop")"
[[ "$exec_line" == Exec=fleetdeck-desktop* ]] || die "$desktop: $exec_line does not start fleetdeck-desktop"
icon="$(grep -m1 '^Icon=' "$desktop" | cut -d= -f2-)"
[ -n "$icon" ] || die "$desktop has no Icon="
icon_files="$(grep -E "^/usr/share/icons/hicolor/[^/]+/apps/$icon\.png$" "$OUT/dpkg-L.txt" || true)"
[ -n "$icon_files" ] || die "no hicolor icon $icon.png installed"
while IFS= read -r f; do
  identify "$f" >/dev/null || die "$f is not an image"
done <<< "$icon_files"
log "desktop entry $desktop valid; icon $icon: $(echo "$icon_files" | wc -l) size(s)"

[ "$(command -v fleetdeck-desktop)" = /usr/bin/fleetdeck-desktop ] || die "fleetdeck-desktop is not /usr/bin/fleetdeck-desktop on PATH"
[ "$(command -v fleetdeck)" = /usr/bin/fleetdeck ] || die "fleetdeck is not /usr/bin/fleetdeck on PATH"
[ "$(readlink /usr/bin/fleetdeck)" = fleetdeck-desktop ] || die "/usr/bin/fleetdeck is not a link to fleetdeck-desktop"
cli_version="$(fleetdeck --version)"
version_re="^fleetdeck ${VERSION//./\\.} \\(commit ([0-9a-f]{7,}|unknown), built [0-9]{4}-[0-9]{2}-[0-9]{2}\\)$"
[[ "$cli_version" =~ $version_re ]] || die "fleetdeck --version printed: $cli_version"
log "$cli_version"

# --- run the installed app ------------------------------------------------------------------
log "starting /usr/bin/fleetdeck-desktop under Xvfb"
scratch_home="$(mktemp -d -t fleetdeck-package-home.XXXXXX)"
XDG_DATA_HOME="$scratch_home/data" XDG_CACHE_HOME="$scratch_home/cache" XDG_CONFIG_HOME="$scratch_home/config" \
  xvfb-run -a -s '-screen 0 1280x800x24' \
  bash scripts/with-keyring.sh bash "$0" __run-installed-app "$OUT/installed-app.png" \
  || { rm -rf "$scratch_home"; die "the installed app did not show its window"; }
rm -rf "$scratch_home"

# --- remove -----------------------------------------------------------------------------------
purge
if dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'installed'; then
  die "$PKG is still known to dpkg after the purge"
fi
left=""
while IFS= read -r path; do
  [ "$path" = "/" ] || [ "$path" = "/." ] && continue
  path="${path%/}"
  if [ -e "$path" ] && ! grep -qxF "$path" "$existed"; then left="$left $path"; fi
done < "$OUT/dpkg-L.txt"
if [ -e /usr/bin/fleetdeck ] || [ -L /usr/bin/fleetdeck ]; then left="$left /usr/bin/fleetdeck"; fi
[ -z "$left" ] || die "left after the purge:$left"
log "purged: none of the $(wc -l < "$OUT/dpkg-L.txt") installed paths is left"

# --- the .rpm -------------------------------------------------------------------------------
[ "$(rpm -qp --qf '%{VERSION}' "$RPM" 2>/dev/null)" = "$VERSION" ] || die ".rpm version is not $VERSION"
rpm -qlp "$RPM" 2>/dev/null > "$OUT/rpm-contents.txt"
grep -qx /usr/bin/fleetdeck-desktop "$OUT/rpm-contents.txt" || die ".rpm has no /usr/bin/fleetdeck-desktop"
rpm -qp --scripts "$RPM" 2>/dev/null | grep -q 'ln -sf fleetdeck-desktop /usr/bin/fleetdeck' || die ".rpm %post does not link fleetdeck"
requires="$(rpm -qp --requires "$RPM" 2>/dev/null)"
for lib in $RPM_NEEDS; do
  echo "$requires" | grep -qE "^$lib( |$)" || die ".rpm does not require $lib"
done
log ".rpm requires: $(echo "$requires" | grep -v '^rpmlib(' | tr '\n' ' ')"

# --- sizes ----------------------------------------------------------------------------------
echo
echo "package-test: passed"
printf '  %-8s %8s KiB  %s\n' ".deb" "$(( $(stat -c %s "$DEB") / 1024 ))" "${DEB#"$ROOT"/}"
printf '  %-8s %8s KiB  %s\n' ".rpm" "$(( $(stat -c %s "$RPM") / 1024 ))" "${RPM#"$ROOT"/}"
printf '  %-8s %8s KiB  (Installed-Size of the .deb)\n' "installed" "$(dpkg-deb -f "$DEB" Installed-Size)"
echo "  screenshot: ${OUT#"$ROOT"/}/installed-app.png"
