#!/usr/bin/env bash
# What one access token's check costs on each JDK here: RS256 (ours) against ES256 and EdDSA verification, and
# the SHA-256 by which VerifiedTokenCache finds a token it verified before (bench/java/SignatureVerify.java).
# Usage: bench/tokens.sh [SECONDS]   default 3 s per check after a 1 s warm-up (about 15 s per JDK); no build needed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-3}"
for java in java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  command -v "$java" >/dev/null || [ -x "$java" ] || continue
  "$java" bench/java/SignatureVerify.java "$seconds"
  echo
done
