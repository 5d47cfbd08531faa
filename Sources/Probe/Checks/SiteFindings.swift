import Findings

/// Collects one problem seen on many pages into one finding per site (a missing header is a
/// site setting, not a page bug), keeping the list of pages where it was seen.
struct SiteFindings {
    private struct Entry {
        var rule: ProbeRule
        var detail: String
        var pages: [String]
        var severity: Severity?
        var atFirstPage: Bool
    }

    private var entries: [Entry] = []
    private var index: [String: Int] = [:]

    /// Records that `rule` applies to `page`; entries with the same rule and detail merge.
    /// `atFirstPage` puts the finding at the first page seen instead of the site root.
    mutating func add(_ rule: ProbeRule, _ detail: String, page: String, severity: Severity? = nil, atFirstPage: Bool = false) {
        let id = rule.id + "\u{1F}" + detail
        if let position = index[id] {
            if !entries[position].pages.contains(page) { entries[position].pages.append(page) }
        } else {
            index[id] = entries.count
            entries.append(Entry(rule: rule, detail: detail, pages: [page], severity: severity, atFirstPage: atFirstPage))
        }
    }

    func findings(site: Origin) -> [Finding] {
        entries.map { entry in
            let shown = entry.pages.prefix(10).joined(separator: ", ") + (entry.pages.count > 10 ? ", and \(entry.pages.count - 10) more" : "")
            let description = "\(entry.detail) — on \(entry.pages.count) page\(entry.pages.count == 1 ? "" : "s"): \(shown)"
            let location = entry.atFirstPage ? entry.pages[0] : site.rootURL
            return entry.rule.finding(at: location, description, key: entry.detail, severity: entry.severity,
                                      properties: ["pages": entry.pages.joined(separator: " "), "pageCount": String(entry.pages.count)])
        }
    }
}
