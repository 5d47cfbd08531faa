import Findings

/// One self-contained HTML page: a summary with charts (by severity, OWASP category, CWE,
/// analysis and folder), a sortable, filterable list of findings, each with its code frame
/// (credentials masked as in the other views), the rules it covers, proof of concept, fix and
/// references, and the files that could not be scanned. Inline CSS, JavaScript and SVG only; a
/// Content-Security-Policy forbids every network load, so the file works offline and as a CI artefact.
public enum HTMLReporter {
    public struct Options: Sendable {
        /// Source lines by `Location.file`, for code frames (as the text view reads them).
        public var sources: [String: [String]]
        /// Print credentials as written (`--show-secrets`); by default they are masked.
        public var showSecrets: Bool
        /// The initial order of the list (the page re-sorts on a click).
        public var sort: FindingOrder
        /// The texts of the files with fixes (`SourceLines.texts`), from which each fix is shown as a diff.
        public var texts: [String: [UInt8]]
        /// `--unsafe-fixes` / `unsafe-fixes = true`: unsafe fixes count as fixable in the summary.
        public var unsafeFixes: Bool

        public init(sources: [String: [String]] = [:], showSecrets: Bool = false, sort: FindingOrder = .severity,
                    texts: [String: [UInt8]] = [:], unsafeFixes: Bool = false) {
            self.sources = sources
            self.showSecrets = showSecrets
            self.sort = sort
            self.texts = texts
            self.unsafeFixes = unsafeFixes
        }
    }

    /// The page's Content-Security-Policy: nothing is fetched, only the inline style and script run.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

    public static func render(_ report: ScanReport, options: Options = Options()) -> String {
        let spans = options.showSecrets ? [:] : SecretMasking.spansByFile(report)
        let report = options.showSecrets ? report : SecretMasking.masked(report)
        let summary = ReportSummary(report)
        let findings = options.sort.sorted(report.findings)
        let textOptions = TextReporter.Options(sources: options.sources, showSecrets: options.showSecrets)
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Taintline report: \(escape(report.roots.joined(separator: ", ")))</title>
        <style>\(style)</style>
        </head>
        <body>
        <header><h1>Taintline security report</h1>
        <p class="meta">\(escape(report.roots.joined(separator: ", "))) · taintline \(escape(report.toolVersion))</p></header>

        """
        out += summarySection(summary, unsafeFixes: options.unsafeFixes)
        out += chartsSection(report.findings)
        out += findingsSection(findings, options: textOptions, spans: spans, texts: options.texts)
        out += filesSection(summary)
        out += "<script>\(script)</script>\n</body>\n</html>\n"
        return out
    }

    // MARK: Sections

    static func summarySection(_ summary: ReportSummary, unsafeFixes: Bool = false) -> String {
        var out = "<section id=\"summary\"><h2>Summary</h2>\n<div class=\"cards\">\n"
        out += "<div class=\"card\"><b id=\"total\">\(summary.findingCount)</b><span>findings</span></div>\n"
        for (severity, count) in summary.bySeverity {
            out += "<div class=\"card sev-\(severity.description.lowercased())\"><b>\(count)</b><span>\(severity)</span></div>\n"
        }
        out += "</div>\n<ul class=\"facts\">\n"
        var files = "\(summary.scanned) scanned"
        if !summary.partial.isEmpty { files += " (\(summary.partial.count) partial: syntax errors)" }
        files += ", \(summary.skippedCount) skipped, \(summary.failed.count) failed"
        out += "<li><b>Files</b>: \(escape(files))</li>\n"
        if summary.suppressedCount > 0 {
            out += "<li><b>Suppressed</b>: \(summary.suppressedCount) (\(escape(ReportSummary.mechanismLine(summary.suppressedByMechanism))))</li>\n"
        }
        if summary.filteredCount > 0 {
            out += "<li><b>Filtered out</b>: \(summary.filteredCount)<ul>"
            for group in summary.filteredGroups {
                out += "<li>\(group.count) \(escape(group.what)): <code>\(escape(group.howToSee))</code></li>"
            }
            out += "</ul></li>\n"
        }
        // Counts and option names only: nothing in the line needs escaping.
        if let fixable = summary.fixableLine(unsafeFixes: unsafeFixes, code: { "<code>\($0)</code>" }) {
            out += "<li id=\"fixable\"><b>Fixes</b>: \(fixable)</li>\n"
        }
        for notice in summary.notices { out += "<li class=\"notice\">\(escape(notice))</li>\n" }
        out += "</ul>\n"
        if !summary.byRule.isEmpty {
            out += "<table class=\"rules\"><thead><tr><th>Rule</th><th>Name</th><th>Severity</th><th>Count</th></tr></thead><tbody>\n"
            for rule in summary.byRuleWorstFirst {
                out += "<tr><td><code>\(escape(rule.ruleID))</code></td><td>\(escape(rule.name ?? ""))</td>"
                out += "<td><span class=\"sev sev-\(rule.severity.description.lowercased())\">\(rule.severity)</span></td><td>\(rule.count)</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out + "</section>\n"
    }

    /// Counts by one key, largest first (then by key), at most `limit` bars with the rest as "other".
    static func counts(_ findings: [Finding], limit: Int = 10, key: (Finding) -> String) -> [(String, Int)] {
        var table: [String: Int] = [:]
        for finding in findings { table[key(finding), default: 0] += 1 }
        let sorted = table.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        guard sorted.count > limit else { return sorted.map { ($0.key, $0.value) } }
        let rest = sorted[(limit - 1)...].reduce(0) { $0 + $1.value }
        return sorted.prefix(limit - 1).map { ($0.key, $0.value) } + [("other", rest)]
    }

    /// The folder of a finding's file ("app/routes"), "." at the top, the host for a URL.
    static func folder(_ location: Location) -> String {
        if location.isURL {
            let rest = location.file.split(separator: "/", omittingEmptySubsequences: true)
            return rest.count > 1 ? String(rest[1]) : location.file
        }
        guard let slash = location.file.lastIndex(of: "/") else { return "." }
        return String(location.file[..<slash])
    }

    static func chartsSection(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "<section id=\"charts\"><h2>Charts</h2><p>No findings.</p></section>\n" }
        let severity = Severity.allCases.reversed().map { level in (level.description, findings.filter { $0.severity == level }.count) }
        var out = "<section id=\"charts\"><h2>Charts</h2>\n<div class=\"charts\">\n"
        out += chart(title: "By severity", id: "chart-severity", bars: severity, colors: severity.map { "var(--\($0.0.lowercased()))" })
        out += chart(title: "By OWASP category", id: "chart-owasp", bars: counts(findings) { $0.owasp.rawValue })
        out += chart(title: "By CWE", id: "chart-cwe", bars: counts(findings) { $0.cwe.description })
        out += chart(title: "By analysis", id: "chart-analysis", bars: counts(findings) { $0.analysis.rawValue })
        out += chart(title: "By folder", id: "chart-folder", bars: counts(findings) { folder($0.location) })
        return out + "</div></section>\n"
    }

    /// A horizontal bar chart as inline SVG: one labelled bar per entry, the count at its end.
    static func chart(title: String, id: String, bars: [(String, Int)], colors: [String] = []) -> String {
        let rowHeight = 22, labelWidth = 250, barWidth = 200
        let height = bars.count * rowHeight + 4
        let largest = max(1, bars.map(\.1).max() ?? 1)
        var svg = "<svg id=\"\(id)\" role=\"img\" aria-label=\"\(escape(title))\" width=\"\(labelWidth + barWidth + 50)\" height=\"\(height)\" viewBox=\"0 0 \(labelWidth + barWidth + 50) \(height)\">"
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 2
            let width = bar.1 == 0 ? 0 : max(2, bar.1 * barWidth / largest)
            let label = bar.0.count > 38 ? String(bar.0.prefix(37)) + "…" : bar.0
            let color = index < colors.count ? colors[index] : "var(--bar)"
            svg += "<g class=\"bar\" data-label=\"\(escape(bar.0))\" data-count=\"\(bar.1)\"><title>\(escape(bar.0)): \(bar.1)</title>"
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(escape(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"\(rowHeight - 6)\" rx=\"2\" style=\"fill:\(color)\"></rect>"
            svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 15)\">\(bar.1)</text></g>"
        }
        svg += "</svg>"
        return "<figure class=\"chart\"><figcaption>\(escape(title))</figcaption>\(svg)</figure>\n"
    }

    static func findingsSection(_ findings: [Finding], options: TextReporter.Options, spans: [String: [RedactedSpan]], texts: [String: [UInt8]] = [:]) -> String {
        var out = "<section id=\"findings\"><h2>Findings</h2>\n"
        out += """
        <div class="controls"><input id="filter" type="search" placeholder="Filter: rule, file, CWE, text…" aria-label="Filter findings">
        <select id="severity" aria-label="Minimum severity"><option value="0">all severities</option><option value="1">Low and above</option><option value="2">Medium and above</option><option value="3">High and above</option><option value="4">Critical</option></select>
        <select id="analysis" aria-label="Analysis"><option value="">all analyses</option>\(Analysis.allCases.map { "<option>\($0.rawValue)</option>" }.joined())</select>
        <span id="shown">\(findings.count) of \(findings.count) shown</span></div>

        """
        out += "<table id=\"list\"><thead><tr>"
        for (key, label) in [("severity", "Severity"), ("rule", "Rule"), ("title", "Title"), ("location", "Location"), ("owasp", "OWASP"), ("cwe", "CWE"), ("confidence", "Confidence")] {
            out += "<th data-key=\"\(key)\" tabindex=\"0\" title=\"Sort by \(label.lowercased())\">\(label)</th>"
        }
        out += "</tr></thead>\n"
        for (index, finding) in findings.enumerated() {
            out += findingBody(finding, index: index, options: options, spans: spans[finding.location.file] ?? [],
                               fixDiff: FixDiff.preview(finding, texts: texts, secrets: spans))
        }
        return out + "</table>\n</section>\n"
    }

    static func place(_ location: Location) -> String {
        location.isURL || location.startLine < 1 ? location.file : "\(location.file):\(location.startLine):\(location.startColumn)"
    }

    /// One finding's rows; `fixDiff` is its fix's hunks (`FixDiff.preview`).
    static func findingBody(_ finding: Finding, index: Int, options: TextReporter.Options, spans: [RedactedSpan], fixDiff: String? = nil) -> String {
        let location = finding.location
        let sev = finding.severity.description.lowercased()
        let search = ([finding.ruleID, finding.title, location.file, finding.cwe.description, finding.owasp.rawValue, finding.description,
                       finding.analysis.rawValue] + finding.covers.map(\.ruleID) + (finding.fix.map { ["fix:\($0.applicability)"] } ?? []))
            .joined(separator: " ").lowercased()
        let sortLocation = "\(location.file)\u{1}\(String(repeating: "0", count: max(0, 8 - String(location.startLine).count)))\(location.startLine)"
        var out = "<tbody class=\"finding\" id=\"f\(index)\" data-severity=\"\(finding.severity.rawValue)\" data-confidence=\"\(finding.confidence.rawValue)\""
        out += " data-rule=\"\(escape(finding.ruleID))\" data-title=\"\(escape(finding.title))\" data-location=\"\(escape(sortLocation))\""
        out += " data-owasp=\"\(escape(finding.owasp.code))\" data-cwe=\"\(finding.cwe.number)\" data-analysis=\"\(finding.analysis.rawValue)\""
        out += " data-fix=\"\(finding.fix?.applicability.rawValue ?? "")\" data-search=\"\(escape(search))\">\n"
        out += "<tr class=\"head\"><td><span class=\"sev sev-\(sev)\">\(finding.severity)</span></td><td><code>\(escape(finding.ruleID))</code></td>"
        // A fixable finding is marked in the list, as the text view marks it `[*]`.
        let badge = finding.fix.map { " <span class=\"fixable fix-\($0.applicability)\" title=\"\($0.applicability) fix: \(FixDiff.command($0.applicability))\">fix</span>" } ?? ""
        out += "<td>\(escape(finding.title))\(badge)</td><td><code>\(escape(place(location)))</code></td><td>\(escape(finding.owasp.code))</td>"
        out += "<td>\(escape(finding.cwe.description))</td><td>\(finding.confidence)</td></tr>\n"
        out += "<tr class=\"detail\"><td colspan=\"7\"><details><summary>Details</summary>\n"
        out += frame(finding, options: options, spans: spans)
        var facts = [finding.owasp.rawValue, finding.cwe.description, "confidence \(finding.confidence)", "analysis \(finding.analysis.rawValue)"]
        if let scope = location.enclosingScope { facts.insert("in \(scope)", at: 0) }
        out += "<p class=\"facts\">\(escape(facts.joined(separator: " · ")))</p>\n"
        out += "<h4>Description</h4><p>\(escape(finding.description))</p>\n"
        if !finding.covers.isEmpty {
            out += "<p class=\"covers\"><b>Also reported by</b>: " + finding.covers.map { "<code>\(escape($0.ruleID))</code> (\(escape($0.title)))" }.joined(separator: ", ") + "</p>\n"
        }
        if !finding.steps.isEmpty {
            out += "<h4>Path</h4><ol class=\"steps\">" + finding.steps.map { step in
                "<li><code>\(escape(step.location.file)):\(step.location.startLine)</code> \(escape(step.message))</li>"
            }.joined() + "</ol>\n"
        }
        out += "<h4>Proof of concept</h4>"
        if let proof = finding.proofOfConcept, !proof.isEmpty {
            out += "<pre class=\"poc\">\(escape(proof))</pre>\n"
        } else {
            out += "<p class=\"none\">No proof of concept is known for this finding.</p>\n"
        }
        out += "<h4>Fix</h4><p>\(escape(finding.remediation))</p>\n"
        if let fix = finding.fixSnippet, !fix.isEmpty { out += "<pre class=\"fix\">\(escape(fix))</pre>\n" }
        if let fix = finding.fix {
            out += "<p class=\"autofix\"><span class=\"fixable fix-\(fix.applicability)\">\(fix.applicability) fix</span> \(escape(fix.message))"
                + " (<code>\(FixDiff.command(fix.applicability))</code> applies it)</p>\n"
            if let fixDiff, !fixDiff.isEmpty { out += diffBlock(fixDiff) }
        }
        var references = finding.references
        if !references.contains(finding.cwe.url) { references.append(finding.cwe.url) }
        out += "<h4>References</h4><ul>" + references.map { "<li><a href=\"\(escape($0))\" rel=\"noreferrer\">\(escape($0))</a></li>" }.joined() + "</ul>\n"
        if !finding.properties.isEmpty {
            out += "<dl class=\"props\">" + finding.properties.sorted { $0.key < $1.key }.map { "<dt>\(escape($0.key))</dt><dd>\(escape($0.value))</dd>" }.joined() + "</dl>\n"
        }
        return out + "</details></td></tr>\n</tbody>\n"
    }

    /// The code frame the text view shows (same lines, masking, cutting and underline), as HTML.
    static func frame(_ finding: Finding, options: TextReporter.Options, spans: [RedactedSpan]) -> String {
        guard let (rows, more) = TextReporter.frameRows(finding, options: options, secrets: spans) else {
            guard let snippet = finding.snippet, !snippet.isEmpty else { return "" }
            return "<pre class=\"frame\">\(escape(snippet))</pre>\n"
        }
        let width = String(rows.map(\.number).max() ?? 0).count
        var out = "<pre class=\"frame\">"
        for row in rows {
            let number = String(repeating: " ", count: width - String(row.number).count) + String(row.number)
            out += "<span class=\"ln\">\(number) |</span> "
            if let (offset, length) = row.underline {
                let characters = Array(row.text)
                let from = min(offset, characters.count), to = min(offset + length, characters.count)
                out += escape(String(characters[..<from])) + "<mark>" + escape(String(characters[from..<to])) + "</mark>" + escape(String(characters[to...]))
            } else {
                out += escape(row.text)
            }
            out += "\n"
        }
        if more { out += String(repeating: " ", count: width) + " | …\n" }
        return out + "</pre>\n"
    }

    /// A diff's lines, each marked by its kind for colour.
    static func diffBlock(_ diff: String) -> String {
        var out = "<pre class=\"diff\">"
        for line in diff.split(separator: "\n", omittingEmptySubsequences: true) {
            let kind = line.hasPrefix("@@") ? "hunk" : line.hasPrefix("+") ? "add" : line.hasPrefix("-") ? "del" : "context"
            out += "<span class=\"\(kind)\">\(escape(String(line)))</span>\n"
        }
        return out + "</pre>\n"
    }

    static func filesSection(_ summary: ReportSummary) -> String {
        var out = "<section id=\"files\"><h2>Files that could not be scanned</h2>\n"
        if summary.failed.isEmpty && summary.partial.isEmpty {
            out += "<p>Every file was read and analysed.</p>\n"
        } else {
            out += "<table class=\"failed\"><thead><tr><th>File</th><th>Reason</th></tr></thead><tbody>\n"
            for failure in summary.failed { out += "<tr><td><code>\(escape(failure.path))</code></td><td>\(escape(failure.reason))</td></tr>\n" }
            for path in summary.partial { out += "<tr><td><code>\(escape(path))</code></td><td>partial: analysed despite syntax errors</td></tr>\n" }
            out += "</tbody></table>\n"
        }
        if !summary.skipped.isEmpty {
            out += "<details><summary>Skipped: \(summary.skippedCount)</summary><ul>"
            for group in summary.skipped { out += "<li>\(group.paths.count): \(escape(group.reason))</li>" }
            out += "</ul></details>\n"
        }
        return out + "</section>\n"
    }

    /// Text safe in HTML content and in double-quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: Style and script

    static let style = """
    :root{--critical:#8e24aa;--high:#d32f2f;--medium:#f9a825;--low:#1e88e5;--info:#9e9e9e;--bar:#5c6bc0;--fg:#1d1f23;--muted:#5f6670;--line:#e3e5e8}
    *{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);margin:0 auto;max-width:1200px;padding:16px 24px}
    h1{font-size:22px;margin:8px 0 0}h2{font-size:18px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:28px}h4{margin:12px 0 4px}
    .meta{color:var(--muted);margin:2px 0 0}code,pre{font:12.5px/1.4 ui-monospace,"DejaVu Sans Mono",monospace}
    .cards{display:flex;gap:10px;flex-wrap:wrap}.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:90px;border-top:4px solid var(--bar)}
    .card b{display:block;font-size:22px}.card span{color:var(--muted)}
    .card.sev-critical{border-top-color:var(--critical)}.card.sev-high{border-top-color:var(--high)}.card.sev-medium{border-top-color:var(--medium)}.card.sev-low{border-top-color:var(--low)}.card.sev-info{border-top-color:var(--info)}
    .facts{color:var(--muted)}.notice{color:#8a6d00}
    .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:12px}.chart{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px}
    .chart figcaption{font-weight:600;margin-bottom:4px}.chart text{font-size:12px;fill:var(--fg)}
    table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
    #list th{cursor:pointer;user-select:none;background:#f5f6f8;position:sticky;top:0}#list th.asc::after{content:" ▲"}#list th.desc::after{content:" ▼"}
    .rules{width:auto}.sev{display:inline-block;border-radius:3px;padding:0 6px;color:#fff;font-size:12px;font-weight:600}
    .sev-critical .sev,.sev.sev-critical{background:var(--critical)}.sev.sev-high{background:var(--high)}.sev.sev-medium{background:var(--medium);color:#222}.sev.sev-low{background:var(--low)}.sev.sev-info{background:var(--info)}
    tr.detail td{border-bottom:2px solid var(--line);padding-top:0}details summary{cursor:pointer;color:var(--muted)}
    pre{background:#f6f8fa;border:1px solid var(--line);border-radius:4px;padding:8px;overflow-x:auto;white-space:pre}
    pre.frame mark{background:#ffd8d8;text-decoration:underline wavy var(--high)}.ln{color:var(--muted)}pre.fix{background:#eefbea}
    .controls{display:flex;gap:8px;align-items:center;margin:8px 0}.controls input{flex:1;padding:5px 8px}#shown{color:var(--muted)}
    .props{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;color:var(--muted)}.props dt{font-weight:600}
    .none{color:var(--muted)}tbody.finding.hidden{display:none}
    .fixable{display:inline-block;border-radius:3px;padding:0 5px;font-size:11px;font-weight:600;border:1px solid}.fix-safe{color:#1a7f37;border-color:#1a7f37}.fix-unsafe{color:#9a6700;border-color:#9a6700}
    pre.diff .add{background:#e6ffec;color:#116329}pre.diff .del{background:#ffebe9;color:#82071e}pre.diff .hunk{color:var(--muted)}
    """

    /// Sorting (click a column head; again for the other direction) and filtering (text, minimum
    /// severity, analysis). The filter also reads the URL's fragment (`report.html#q=B608&sev=3`),
    /// so a filtered view can be linked to.
    static let script = """
    (function(){
    var list=document.getElementById('list');if(!list)return;
    var bodies=Array.prototype.slice.call(list.querySelectorAll('tbody.finding'));
    var q=document.getElementById('filter'),sev=document.getElementById('severity'),an=document.getElementById('analysis'),shown=document.getElementById('shown');
    function apply(){var text=q.value.trim().toLowerCase(),min=+sev.value,a=an.value,n=0;
    bodies.forEach(function(b){var ok=(!text||b.dataset.search.indexOf(text)>=0)&&(+b.dataset.severity>=min)&&(!a||b.dataset.analysis===a);
    b.classList.toggle('hidden',!ok);if(ok)n++;});shown.textContent=n+' of '+bodies.length+' shown';document.body.dataset.shown=n;}
    var numeric={severity:1,confidence:1,cwe:1};
    function sortBy(key,desc){bodies.sort(function(x,y){var a=x.dataset[key],b=y.dataset[key],c;
    if(numeric[key]){c=(+a)-(+b);}else{c=a<b?-1:a>b?1:0;}if(c===0){c=x.dataset.location<y.dataset.location?-1:1;}return desc?-c:c;});
    bodies.forEach(function(b){list.appendChild(b);});
    Array.prototype.forEach.call(list.querySelectorAll('th'),function(th){th.classList.remove('asc','desc');if(th.dataset.key===key)th.classList.add(desc?'desc':'asc');});
    document.body.dataset.sorted=key+(desc?':desc':':asc');}
    Array.prototype.forEach.call(list.querySelectorAll('th'),function(th){function go(){var key=th.dataset.key;
    var desc=th.classList.contains('asc')?true:th.classList.contains('desc')?false:numeric[key]===1;sortBy(key,desc);}
    th.addEventListener('click',go);th.addEventListener('keydown',function(e){if(e.key==='Enter')go();});});
    [q,sev,an].forEach(function(el){el.addEventListener('input',apply);el.addEventListener('change',apply);});
    var params={};location.hash.replace(/^#/,'').split('&').forEach(function(p){var kv=p.split('=');if(kv[0])params[kv[0]]=decodeURIComponent(kv[1]||'');});
    if(params.q)q.value=params.q;if(params.sev)sev.value=params.sev;if(params.analysis)an.value=params.analysis;
    if(params.sort)sortBy(params.sort,params.dir==='desc');if(params.open==='1')Array.prototype.forEach.call(list.querySelectorAll('details'),function(d){d.open=true;});
    apply();document.body.dataset.ready='1';
    })();
    """
}
