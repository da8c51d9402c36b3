#!/usr/bin/env bash
# PDFBox Preflight on PDF files (default: every PDF under the given folders), in one JVM, with the rules
# that only PDF/A-1 has set aside (see scripts/preflight/Preflight.java). Needs Debian's libpdfbox2-java,
# libactivation-java and libjaxb-api-java (installed by .ci/run). Exit status: files with other errors.
#   scripts/preflight.sh out/2025            scripts/preflight.sh a.pdf b.pdf
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
J=/usr/share/java
CP="$J/preflight.jar:$J/pdfbox2.jar:$J/fontbox2.jar:$J/xmpbox.jar:$J/commons-logging.jar:$J/javax.activation.jar:$J/jaxb-api.jar"
for j in ${CP//:/ }; do [ -f "$j" ] || { echo "preflight: $j missing (apt-get install libpdfbox2-java libactivation-java libjaxb-api-java)" >&2; exit 101; }; done
files=()
for a in "$@"; do
  if [ -d "$a" ]; then while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$a" -name '*.pdf' -print0 | sort -z); else files+=("$a"); fi
done
[ "${#files[@]}" -gt 0 ] || { echo "preflight: no PDF files given" >&2; exit 102; }
exec java -Djava.awt.headless=true -Dorg.apache.commons.logging.Log=org.apache.commons.logging.impl.NoOpLog -cp "$CP" "$here/preflight/Preflight.java" "${files[@]}"
