#!/bin/sh
# Build-time helper for docker/Dockerfile (runs as root in the n8n image, Alpine/musl).
#
#   install-tools.sh apk-add <package>...      Alpine packages from the image's own Alpine release
#   install-tools.sh yt-dlp <release>          yt-dlp's standalone musl build, checked against the release's SHA2-256SUMS
#   install-tools.sh index-version <package>   the version of <package> in an APKINDEX read from stdin
#
# Why apk-add is not just `apk add`: the n8n image has had no apk since n8n 2.1. n8n's answer
# (https://github.com/n8n-io/n8n/issues/23246) is to fetch apk-tools for the image's Alpine release and use
# it. We fetch apk-tools-static instead, one static binary, so no libapk/libcrypto has to match (apk-tools 2
# on Alpine 3.22 and 3 on 3.23 alike), read the release from /etc/alpine-release rather than assuming one,
# and delete the tool afterwards. The packages themselves come signed from that release's main and community
# repositories and are checked against the image's keys (/etc/apk/keys), as apk always does.
set -eu

ALPINE_MIRROR=https://dl-cdn.alpinelinux.org/alpine
YTDLP_RELEASES=https://github.com/yt-dlp/yt-dlp/releases/download

fail() {
	echo "install-tools.sh: $*" >&2
	exit 1
}

# APKINDEX records are blank-line separated; P: (name) comes before V: (version) in each.
index_version() {
	awk -v want="$1" '/^$/ { name = "" } /^P:/ { name = substr($0, 3) } /^V:/ && name == want { print substr($0, 3); exit }'
}

apk_add() {
	[ "$#" -gt 0 ] || fail "apk-add needs package names"
	if command -v apk >/dev/null 2>&1; then
		apk add --no-cache "$@"
		return
	fi
	[ -r /etc/alpine-release ] || fail "no /etc/alpine-release: this is not an Alpine image"
	release="v$(cut -d. -f1,2 /etc/alpine-release)"
	arch="$(uname -m)"
	repo="$ALPINE_MIRROR/$release"
	work="$(mktemp -d)"
	wget -q -O "$work/APKINDEX.tar.gz" "$repo/main/$arch/APKINDEX.tar.gz"
	version="$(tar -xzOf "$work/APKINDEX.tar.gz" APKINDEX | index_version apk-tools-static)"
	[ -n "$version" ] || fail "apk-tools-static is not in $repo/main/$arch"
	wget -q -O "$work/apk-tools-static.apk" "$repo/main/$arch/apk-tools-static-$version.apk"
	mkdir "$work/pkg"
	tar -xzf "$work/apk-tools-static.apk" -C "$work/pkg"
	apk_static="$(find "$work/pkg" -type f -name apk.static | head -n 1)"
	[ -n "$apk_static" ] || fail "apk-tools-static-$version.apk holds no apk.static"
	printf '%s/main\n%s/community\n' "$repo" "$repo" >"$work/repositories"
	echo "Installing $* from Alpine $release ($arch) with apk-tools-static $version"
	"$apk_static" --no-cache --repositories-file "$work/repositories" add "$@"
	rm -rf "$work"
}

# yt-dlp's own updater names these assets (yt_dlp/update.py, _FILE_SUFFIXES: musllinux_exe = "_musllinux",
# musllinux_aarch64_exe = "_musllinux_aarch64"): PyInstaller builds bundling Python and yt-dlp's
# JavaScript component for YouTube; the image's Node serves as the JavaScript runtime.
ytdlp() {
	[ "$#" -eq 1 ] || fail "yt-dlp needs a release tag such as 2026.08.19"
	case "$(uname -m)" in
		x86_64) asset=yt-dlp_musllinux ;;
		aarch64) asset=yt-dlp_musllinux_aarch64 ;;
		*) fail "yt-dlp publishes no musl build for $(uname -m)" ;;
	esac
	work="$(mktemp -d)"
	wget -q -O "$work/$asset" "$YTDLP_RELEASES/$1/$asset"
	wget -q -O "$work/SHA2-256SUMS" "$YTDLP_RELEASES/$1/SHA2-256SUMS"
	expected="$(awk -v f="$asset" '$2 == f { print $1 }' "$work/SHA2-256SUMS")"
	[ -n "$expected" ] || fail "$asset is not listed in the SHA2-256SUMS of yt-dlp $1"
	(cd "$work" && echo "$expected  $asset" | sha256sum -c -)
	mkdir -p /usr/local/bin
	cp "$work/$asset" /usr/local/bin/yt-dlp
	chmod 0755 /usr/local/bin/yt-dlp
	rm -rf "$work"
}

command="${1:-}"
[ "$#" -gt 0 ] && shift
case "$command" in
	apk-add) apk_add "$@" ;;
	yt-dlp) ytdlp "$@" ;;
	index-version)
		[ "$#" -eq 1 ] || fail "index-version needs one package name"
		index_version "$1"
		;;
	*) fail "usage: install-tools.sh apk-add <package>... | yt-dlp <release> | index-version <package>" ;;
esac
