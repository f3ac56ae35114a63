#!/usr/bin/env bash
# Renders HTML reports in headless Chromium the way readers see them: a
# desktop screenshot at 1280 px, a phone screenshot at 390 px and an A4 PDF.
# Fails when a page scrolls sideways on the phone (a table scrolling inside
# its own box is fine) or when a PDF cannot be printed.
#
#   tests/browser/check.sh                 every document kind from examples/
#   tests/browser/check.sh report.html...  the pages given
#
# Needs Debian's `chromium` package; `pdfinfo` (poppler-utils) adds page counts.
# Output goes to $OUT (default target/browser): NAME-1280.png, NAME-390.png, NAME.pdf.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$root/target/browser}
chromium=${CHROMIUM:-chromium}
mkdir -p "$out"

if ! command -v "$chromium" >/dev/null; then
    echo "check.sh: $chromium not found (apt-get install chromium)" >&2
    exit 2
fi

# Chromium in a container runs without its sandbox; crash reporting and GPU are off.
browser() {
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --no-first-run --disable-extensions --allow-file-access-from-files "$@" 2>/dev/null
}

pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
    cargo build --release --quiet --manifest-path "$root/Cargo.toml"
    bin=$root/target/release/partnerscope
    docs=$out/documents
    mkdir -p "$docs"
    ex=$root/examples
    cp "$ex/early-partnership.result.json" "$docs/result.json"
    "$bin" -q aggregate "$ex" --format json --output "$docs/aggregate.json" --force
    "$bin" -q aggregate "$ex" --by partnership --format json --output "$docs/by-partnership.json" --force
    "$bin" -q compare "$ex/early-partnership.result.json" "$ex/mature-partnership.result.json" \
        --allow-different --format json --output "$docs/compare.json" --force
    for doc in "$docs"/*.json; do
        page=$out/$(basename "$doc" .json).html
        "$bin" -q report "$doc" --format html --output "$page" --force
        pages+=("$page")
    done
fi

# Chromium will not lay a window out narrower than about 500 px, so the
# phone is a 390 px frame in a harness page. Its script reports the frame's
# viewport width, the page's scroll width and the first elements reaching
# past the right edge outside a table's own scroll box.
harness() {
    cat <<HTML
<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="$1" style="border:0;width:390px;height:${2}px"></iframe>
<script>document.getElementById("f").onload=function(){var d=this.contentDocument,w=this.contentWindow.innerWidth,s=d.documentElement.scrollWidth,bad=[];
d.querySelectorAll("body *").forEach(function(e){if(e.closest(".table-wrap"))return;var r=e.getBoundingClientRect();if(r.right>w+0.5&&bad.length<5)bad.push(e.tagName.toLowerCase());});
var p=document.createElement("pre");p.textContent="PRO"+"BE "+w+" "+s+" "+bad.join(",");document.body.appendChild(p);};</script></body></html>
HTML
}

failed=0
for page in "${pages[@]}"; do
    name=$(basename "$page" .html)
    url="file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
    browser --window-size=1280,2400 --screenshot="$out/$name-1280.png" "$url" >/dev/null
    phone=$out/.$name.phone.html
    harness "$url" 2400 >"$phone"
    browser --window-size=390,2400 --screenshot="$out/$name-390.png" "file://$phone" >/dev/null
    browser --no-pdf-header-footer --print-to-pdf="$out/$name.pdf" "$url" >/dev/null

    read -r _ width scroll offenders < <(browser --window-size=390,2400 --dump-dom "file://$phone" \
        | grep -o 'PROBE [0-9][^<]*' || echo "PROBE 0 0")
    rm -f "$phone"
    pdf_pages=?
    if command -v pdfinfo >/dev/null && [ -s "$out/$name.pdf" ]; then
        pdf_pages=$(pdfinfo "$out/$name.pdf" | awk '/^Pages:/ {print $2}')
    fi
    verdict=ok
    if [ "$width" != 390 ]; then
        verdict="FAIL: the phone viewport was $width px, not 390"
    elif [ "$scroll" -gt "$width" ]; then
        verdict="FAIL: scrolls sideways on a phone ($scroll px wide; ${offenders:-?})"
    elif [ ! -s "$out/$name.pdf" ]; then
        verdict="FAIL: no PDF"
    fi
    printf '%-28s phone %s/%s px  A4 pages %s  %s\n' "$name" "$scroll" "$width" "$pdf_pages" "$verdict"
    [ "$verdict" = ok ] || failed=1
done
echo "screenshots and PDFs in $out"
exit $failed
