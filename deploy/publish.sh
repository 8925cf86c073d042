#!/usr/bin/env bash
# Publishes the landsea command (CLI and node) as one folder, out/landsea, to copy to /opt/landsea (deploy/landsea.service).
#   deploy/publish.sh                  self-contained for linux-x64 (no .NET needed on the server)
#   deploy/publish.sh --framework      framework-dependent (the server needs the .NET 10 runtime, ASP.NET Core included)
# Both need the runtime packs from the NuGet feed; offline, the self-contained publish fails at restore when the feed lacks
# Microsoft.NETCore.App.Runtime.linux-x64 / Microsoft.AspNetCore.App.Runtime.linux-x64, and the framework-dependent one does not.
set -euo pipefail
cd "$(dirname "$0")/.."
out=out/landsea
rm -rf "$out"
if [[ "${1:-}" == "--framework" ]]; then
  dotnet publish src/Landsea.Cli -c Release --self-contained false -o "$out"
else
  dotnet publish src/Landsea.Cli -c Release -r linux-x64 --self-contained -o "$out"
fi
mkdir -p "$out/docs"
cp docs/operations.md "$out/docs/"
cp LICENSE "$out/" 2>/dev/null || true
echo "published to $out: $out/landsea --help" >&2
