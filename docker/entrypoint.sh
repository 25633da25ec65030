#!/bin/sh
# Entry point of the image: links the n8n-nodes-media-downloader baked into the image into n8n's
# community-nodes folder (<user folder>/.n8n/nodes/node_modules, where n8n looks for n8n-nodes-* packages),
# then hands over to n8n's own /docker-entrypoint.sh, which runs `n8n "$@"` (`worker` → `n8n worker`).
#
# The link is made at every start, not at build time, because ~/.n8n is a volume: in Kubernetes a volume
# hides what the image has at that path, and Docker copies it into a new volume only once, so after an image
# upgrade n8n would load no package, or the old one. The link always points at this image's version.
set -eu

package=/opt/media-downloader/node_modules/n8n-nodes-media-downloader
nodes="${N8N_USER_FOLDER:-$HOME}/.n8n/nodes/node_modules"
link="$nodes/n8n-nodes-media-downloader"

mkdir -p "$nodes"
# A real folder here is an earlier copy (installed through n8n's Community Nodes page or npm): the image's wins.
if [ -e "$link" ] && [ ! -L "$link" ]; then
	rm -rf "$link"
fi
ln -sfn "$package" "$link"

exec /docker-entrypoint.sh "$@"
