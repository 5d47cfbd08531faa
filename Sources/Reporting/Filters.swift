import Workspace
import Findings

/// A rule selector from `--select`, `--ignore` or the configuration: a rule id (`TL-B602`), an
/// alias (`B602`, `S602`), a rule name, an id prefix (`TL-B6`), a CWE (`CWE-89`), an OWASP
/// category (`A03`), an analysis (`secrets`, `code`, `dependencies`, `probe`, `project`) or `ALL`.
public struct RuleSelector: Hashable, Sendable, CustomStringConvertible {
    public let text: String
    enum Kind: Hashable, Sendable {
        case all
        case cwe(Int)
        case owasp(String)
        case analysis(Analysis)
        /// An id, alias or name, or a prefix of one.
        case rule(String)
    }
    let kind: Kind

    public init(_ text: String) {
        self.text = text
        let upper = text.uppercased()
        if upper == "ALL" {
            kind = .all
        } else if upper.hasPrefix("CWE-"), let number = Int(upper.dropFirst(4)) {
            kind = .cwe(number)
        } else if let category = OWASPCategory.allCases.first(where: { $0.code == upper || $0.rawValue.uppercased() == upper }) {
            kind = .owasp(category.code)
        } else if let analysis = Analysis(rawValue: text.lowercased()) {
            kind = .analysis(analysis)
        } else {
            kind = .rule(upper)
        }
    }

    public var description: String { text }

    /// Whether this is the `ALL` selector.
    var isAll: Bool { if case .all = kind { return true } else { return false } }

    /// How specifically this selector names the finding, or `nil` when it does not. A more specific
    /// selector wins: `--select A03 --ignore TL-B608` drops TL-B608 only, and
    /// `--ignore A03 --select TL-B608` keeps it.
    func specificity(for finding: Finding, names: Set<String>) -> Int? {
        switch kind {
        case .all: return 0
        case let .cwe(number): return finding.cwe.number == number ? 500 : nil
        case let .owasp(code): return finding.owasp.code == code ? 100 : nil
        case let .analysis(analysis): return finding.analysis == analysis ? 50 : nil
        case let .rule(id):
            if names.contains(id) { return 1000 }
            return names.contains(where: { $0.hasPrefix(id) }) ? min(id.count, 499) + 100 : nil
        }
    }
}

/// One `per-path-ignores` entry: findings of these rules in files matching the glob are suppressed.
public struct PathIgnore: Hashable, Sendable {
    public var glob: Glob
    public var selectors: [RuleSelector]

    public init(glob: Glob, selectors: [RuleSelector]) {
        self.glob = glob
        self.selectors = selectors
    }
}

/// What the user chose to see: rule selection, thresholds and per-path ignores.
public struct FilterSettings: Hashable, Sendable {
    /// Empty means every rule.
    public var select: [RuleSelector]
    public var ignore: [RuleSelector]
    /// Findings below are dropped (and counted).
    public var minimumSeverity: Severity
    public var minimumConfidence: Confidence
    public var perPathIgnores: [PathIgnore]
    /// Other spellings of a finding's directory for `perPathIgnores`: when the configuration file sits
    /// above the scan root, the scan root's path relative to the configuration's folder (`src`), so
    /// a glob written relative to the project (`src/tests/**`) matches too.
    public var pathPrefixes: [String]

    public init(select: [RuleSelector] = [], ignore: [RuleSelector] = [], minimumSeverity: Severity = .info,
                minimumConfidence: Confidence = .low, perPathIgnores: [PathIgnore] = [], pathPrefixes: [String] = []) {
        self.select = select
        self.ignore = ignore
        self.minimumSeverity = minimumSeverity
        self.minimumConfidence = minimumConfidence
        self.perPathIgnores = perPathIgnores
        self.pathPrefixes = pathPrefixes
    }
}

/// Applies `FilterSettings` to a report: removed findings move to `suppressed` with mechanism
/// `selection`, `config` (per-path ignores), `severity` or `confidence`, so they are counted.
public enum Filters {
    public static func apply(_ report: ScanReport, settings: FilterSettings) -> ScanReport {
        var names: [String: Set<String>] = [:]
        for rule in report.rules {
            var set: Set<String> = [rule.id.uppercased(), rule.name.uppercased()]
            for alias in rule.aliases { set.insert(alias.uppercased()) }
            names[rule.id, default: []].formUnion(set)
        }
        func spellings(_ finding: Finding) -> Set<String> { names[finding.ruleID] ?? [finding.ruleID.uppercased()] }
        let optIn = Set(report.rules.filter { !$0.enabledByDefault }.map(\.id))

        var copy = report
        copy.findings = []
        for whole in report.findings {
            // A merged finding is shown under its most specific rule that the selection keeps,
            // covering the other kept ones; it is filtered out only when none of its rules is kept.
            let candidates = [whole.withoutCovers] + whole.covers
            let reasons = candidates.map { deselection($0, names: spellings($0), settings: settings, optIn: optIn.contains($0.ruleID)) }
            guard let shown = reasons.firstIndex(where: { $0 == nil }) else {
                copy.suppressed.append(SuppressedFinding(finding: whole, mechanism: SuppressionMechanism.selection, reason: reasons[0]))
                continue
            }
            var finding = candidates[shown]
            finding.covers = candidates.indices.filter { $0 != shown && reasons[$0] == nil }.map { candidates[$0] }
            let spelled = finding.ruleSpellings { names[$0] ?? [$0.uppercased()] }
            if let glob = pathIgnore(finding, names: spelled, settings: settings) {
                copy.suppressed.append(SuppressedFinding(finding: finding, mechanism: SuppressionMechanism.config, reason: "per-path-ignores \"\(glob)\""))
            } else if finding.severity < settings.minimumSeverity {
                copy.suppressed.append(SuppressedFinding(finding: finding, mechanism: SuppressionMechanism.severity, reason: "below severity \(settings.minimumSeverity)"))
            } else if finding.confidence < settings.minimumConfidence {
                copy.suppressed.append(SuppressedFinding(finding: finding, mechanism: SuppressionMechanism.confidence, reason: "below confidence \(settings.minimumConfidence)"))
            } else {
                copy.findings.append(finding)
            }
        }
        copy.notices += unmatchedSelectors(report, settings: settings, names: names)
        return copy
    }

    /// The reason of a finding of an opt-in rule that no selector names.
    public static let optInReason = "audit rule, off by default (select it by id to enable)"
    /// The reason of a finding no `--select` selector matches.
    public static let notSelectedReason = "not selected"

    /// Why the selection removes a finding, or `nil` when it stays.
    /// An opt-in (audit) rule stays only when a selector names it exactly (id, alias, name) or is `ALL`.
    static func deselection(_ finding: Finding, names: Set<String>, settings: FilterSettings, optIn: Bool = false) -> String? {
        if optIn && !settings.select.contains(where: { $0.isAll || $0.specificity(for: finding, names: names) == 1000 }) {
            return optInReason
        }
        let selected: Int? = settings.select.isEmpty ? 0 : settings.select.compactMap { $0.specificity(for: finding, names: names) }.max()
        guard let selected else { return notSelectedReason }
        let ignoring = settings.ignore.compactMap { selector in selector.specificity(for: finding, names: names).map { (selector, $0) } }
            .max { $0.1 < $1.1 }
        if let (selector, specificity) = ignoring, specificity >= selected { return "ignored by '\(selector)'" }
        return nil
    }

    static func pathIgnore(_ finding: Finding, names: Set<String>, settings: FilterSettings) -> String? {
        guard !settings.perPathIgnores.isEmpty, !finding.location.isURL else { return nil }
        var paths = [finding.location.file]
        for prefix in settings.pathPrefixes where !prefix.isEmpty && prefix != "." {
            paths.append((prefix.hasSuffix("/") ? prefix : prefix + "/") + finding.location.file)
        }
        for entry in settings.perPathIgnores where paths.contains(where: entry.glob.matches) {
            if entry.selectors.contains(where: { $0.specificity(for: finding, names: names) != nil }) { return entry.glob.pattern }
        }
        return nil
    }

    /// The rules a `--select` selector names exactly (id, alias or name; not prefixes, categories or `ALL`).
    public static func namedRules(_ rules: [RuleDescriptor], settings: FilterSettings) -> Set<String> {
        let exact = settings.select.compactMap { selector -> String? in
            if case let .rule(text) = selector.kind { return text } else { return nil }
        }
        guard !exact.isEmpty else { return [] }
        var named: Set<String> = []
        for rule in rules {
            let spellings = Set([rule.id.uppercased(), rule.name.uppercased()] + rule.aliases.map { $0.uppercased() })
            if exact.contains(where: spellings.contains) { named.insert(rule.id) }
        }
        return named
    }

    /// A selector that names no known rule is probably a typo: say so rather than silently
    /// selecting nothing. Only checked when the report carries the rule catalogue.
    static func unmatchedSelectors(_ report: ScanReport, settings: FilterSettings, names: [String: Set<String>]) -> [String] {
        guard !report.rules.isEmpty else { return [] }
        let probes = report.rules.map { rule in
            Finding(ruleID: rule.id, title: rule.summary, severity: rule.severity, confidence: rule.confidence, owasp: rule.owasp, cwe: rule.cwe,
                    location: Location(file: "", startLine: 1), description: "", remediation: "", analysis: rule.analysis, fingerprint: "")
        }
        var notices: [String] = []
        let groups: [(String, [RuleSelector])] = [("select", settings.select), ("ignore", settings.ignore),
                                                   ("per-path-ignores", settings.perPathIgnores.flatMap(\.selectors))]
        for (option, selectors) in groups {
            for selector in selectors where !probes.contains(where: { selector.specificity(for: $0, names: names[$0.ruleID] ?? []) != nil }) {
                notices.append("\(option): '\(selector)' matches no rule")
            }
        }
        return notices
    }
}
