import Findings

/// The names a `SuppressedFinding.mechanism` takes, and how reports group them.
public enum SuppressionMechanism {
    /// bandit's `# nosec` comment.
    public static let nosec = "nosec"
    /// ruff's `# noqa: S602` comment.
    public static let noqa = "noqa"
    /// Taintline's own `# taintline: ignore[...]` comment.
    public static let inline = "inline"
    /// A `per-path-ignores` entry of the configuration.
    public static let config = "config"
    /// A saved baseline (`--baseline`).
    public static let baseline = "baseline"
    /// A detector's allowlist (secrets).
    public static let allowlist = "allowlist"
    /// Not chosen by `--select` / `select`, or removed by `--ignore` / `ignore`.
    public static let selection = "selection"
    /// Below the `--severity` threshold.
    public static let severity = "severity"
    /// Below the `--confidence` threshold.
    public static let confidence = "confidence"
    /// On no line changed since `--diff-base`.
    public static let diff = "diff"

    /// Mechanisms that are the user's choice of what to see rather than a judgement on one finding:
    /// summaries list them as "filtered out", and SARIF leaves such findings out.
    public static let filters: Set<String> = [selection, severity, confidence, diff]

    /// Written in this order in summaries; unknown mechanisms follow, alphabetically.
    static let order = [nosec, noqa, inline, config, allowlist, baseline, selection, severity, confidence, diff]

    /// SARIF `suppression.kind`: in the source for comments, external for everything else.
    static func sarifKind(_ mechanism: String) -> String {
        [nosec, noqa, inline].contains(mechanism) ? "inSource" : "external"
    }

    static func sortKey(_ mechanism: String) -> (Int, String) {
        (order.firstIndex(of: mechanism) ?? order.count, mechanism)
    }
}

/// The counts every format shows at its end (text) or top (Markdown), and the JSON `summary`.
public struct ReportSummary: Sendable {
    public struct RuleCount: Equatable, Sendable {
        public var ruleID: String
        public var name: String?
        public var severity: Severity
        public var count: Int
    }

    /// Skipped files sharing one reason.
    public struct SkipGroup: Equatable, Sendable {
        public var reason: String
        public var paths: [String]
    }

    public struct FailedFile: Equatable, Sendable {
        public var path: String
        public var reason: String
    }

    public var findingCount: Int
    /// Every severity from Critical down to Info, zero counts included.
    public var bySeverity: [(severity: Severity, count: Int)]
    /// Most frequent first, then by id.
    public var byRule: [RuleCount]
    public var scanned: Int
    /// Files analysed only in part because of syntax errors.
    public var partial: [String]
    public var skipped: [SkipGroup]
    public var failed: [FailedFile]
    /// Suppressions proper (comments, configuration, baseline, allowlists), in a fixed order.
    public var suppressedByMechanism: [(mechanism: String, count: Int)]
    /// Findings the user chose not to see (selection and thresholds).
    public var filteredByMechanism: [(mechanism: String, count: Int)]
    public var notices: [String]
    /// What was filtered out, grouped by why, each with the option that shows it again.
    public var filteredGroups: [FilteredGroup]

    /// Filtered-out findings sharing one reason: "13 findings of opt-in audit rules (TL-B403,
    /// TL-B404)", seen with `--select ALL`.
    public struct FilteredGroup: Equatable, Sendable {
        public var count: Int
        public var what: String
        public var howToSee: String
    }

    /// The rules worst first (severity, then count, then id), as the text and Markdown summaries list them.
    public var byRuleWorstFirst: [RuleCount] {
        byRule.sorted { ($0.severity.rawValue, $0.count) != ($1.severity.rawValue, $1.count)
            ? ($0.severity.rawValue, $0.count) > ($1.severity.rawValue, $1.count) : $0.ruleID < $1.ruleID }
    }
    public var advisoryDatabase: AdvisoryDatabaseInfo?
    /// Findings with a fix, by how safe it is (what `scan --fix` and `--unsafe-fixes` would do).
    public var fixable: [FixApplicability: Int]
    /// What `scan --fix` or `--diff` did, when it ran.
    public var fixes: FixSummary?
    /// How the scan used its cache (nil without one).
    public var cache: CacheStatistics?

    /// "1,201 files reused, 3 analysed; code rules on 2 of 880 modules", for the text summary.
    public var cacheLine: String? {
        guard let cache else { return nil }
        if let problem = cache.problem, cache.reusedFiles + cache.analysedFiles == 0 { return "not used: \(problem)" }
        var line = "\(cache.reusedFiles) files reused, \(cache.analysedFiles) analysed"
        let modules = cache.reusedModules + cache.analysedModules
        if modules > 0 { line += "; code rules on \(cache.analysedModules) of \(modules) modules" }
        if let problem = cache.problem { line += " (\(problem))" }
        return line
    }

    public var skippedCount: Int { skipped.reduce(0) { $0 + $1.paths.count } }
    public var suppressedCount: Int { suppressedByMechanism.reduce(0) { $0 + $1.count } }
    public var filteredCount: Int { filteredByMechanism.reduce(0) { $0 + $1.count } }

    public init(_ report: ScanReport) {
        findingCount = report.findings.count
        var severityCounts: [Severity: Int] = [:]
        var ruleCounts: [String: RuleCount] = [:]
        let names = Dictionary(report.rules.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        for finding in report.findings {
            severityCounts[finding.severity, default: 0] += 1
            var entry = ruleCounts[finding.ruleID] ?? RuleCount(ruleID: finding.ruleID, name: names[finding.ruleID], severity: finding.severity, count: 0)
            entry.count += 1
            entry.severity = max(entry.severity, finding.severity)
            ruleCounts[finding.ruleID] = entry
        }
        bySeverity = Severity.allCases.reversed().map { ($0, severityCounts[$0, default: 0]) }
        byRule = ruleCounts.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0.ruleID < $1.ruleID }

        var scanned = 0
        var partial: [String] = []
        var skippedByReason: [String: [String]] = [:]
        var failed: [FailedFile] = []
        for file in report.files {
            switch file.status {
            case let .scanned(isPartial):
                scanned += 1
                if isPartial { partial.append(file.path) }
            case let .skipped(reason):
                skippedByReason[reason, default: []].append(file.path)
            case let .failed(reason):
                failed.append(FailedFile(path: file.path, reason: reason))
            }
        }
        self.scanned = scanned
        self.partial = partial.sorted()
        skipped = skippedByReason.map { SkipGroup(reason: $0.key, paths: $0.value.sorted()) }
            .sorted { $0.paths.count != $1.paths.count ? $0.paths.count > $1.paths.count : $0.reason < $1.reason }
        self.failed = failed.sorted { $0.path < $1.path }

        var mechanismCounts: [String: Int] = [:]
        for entry in report.suppressed { mechanismCounts[entry.mechanism, default: 0] += 1 }
        let ordered = mechanismCounts.sorted { SuppressionMechanism.sortKey($0.key) < SuppressionMechanism.sortKey($1.key) }
        suppressedByMechanism = ordered.filter { !SuppressionMechanism.filters.contains($0.key) }.map { ($0.key, $0.value) }
        filteredByMechanism = ordered.filter { SuppressionMechanism.filters.contains($0.key) }.map { ($0.key, $0.value) }
        notices = report.notices
        filteredGroups = ReportSummary.filteredGroups(report.suppressed.filter { SuppressionMechanism.filters.contains($0.mechanism) })
        advisoryDatabase = report.advisoryDatabase
        var fixable: [FixApplicability: Int] = [:]
        for finding in report.findings { if let fix = finding.fix { fixable[fix.applicability, default: 0] += 1 } }
        self.fixable = fixable
        fixes = report.fixes
        cache = report.cache
    }

    /// Groups filtered-out findings by why they were left out, in the order: opt-in rules, not
    /// selected, ignored (per selector), below severity, below confidence, outside the diff.
    static func filteredGroups(_ entries: [SuppressedFinding]) -> [FilteredGroup] {
        func rules(_ group: [SuppressedFinding]) -> String {
            let ids = Array(Set(group.map(\.finding.ruleID))).sorted()
            let shown = ids.prefix(4).joined(separator: ", ") + (ids.count > 4 ? ", …" : "")
            return "\(ids.count) rule\(ids.count == 1 ? "" : "s"): \(shown)"
        }
        func findings(_ n: Int) -> String { n == 1 ? "finding" : "findings" }
        var groups: [FilteredGroup] = []
        let optIn = entries.filter { $0.mechanism == SuppressionMechanism.selection && $0.reason == Filters.optInReason }
        if !optIn.isEmpty {
            let ids = Set(optIn.map(\.finding.ruleID))
            groups.append(FilteredGroup(count: optIn.count, what: "\(findings(optIn.count)) of opt-in audit rules (\(rules(optIn)))",
                                        howToSee: ids.count == 1 ? "--select \(ids.first!)" : "--select ALL"))
        }
        let unselected = entries.filter { $0.mechanism == SuppressionMechanism.selection && ($0.reason == Filters.notSelectedReason || $0.reason == nil) }
        if !unselected.isEmpty {
            groups.append(FilteredGroup(count: unselected.count, what: "\(findings(unselected.count)) not selected by --select (\(rules(unselected)))",
                                        howToSee: "--select ALL"))
        }
        let ignored = entries.filter { $0.mechanism == SuppressionMechanism.selection && ($0.reason ?? "").hasPrefix("ignored by ") }
        for reason in Array(Set(ignored.compactMap(\.reason))).sorted() {
            let group = ignored.filter { $0.reason == reason }
            let selector = reason.dropFirst("ignored by ".count).trimming("'")
            groups.append(FilteredGroup(count: group.count, what: "\(findings(group.count)) \(reason) (\(rules(group)))",
                                        howToSee: "remove '\(selector)' from --ignore / ignore"))
        }
        for (mechanism, option, lowest) in [(SuppressionMechanism.severity, "--severity", "info"), (SuppressionMechanism.confidence, "--confidence", "low")] {
            let group = entries.filter { $0.mechanism == mechanism }
            guard !group.isEmpty else { continue }
            let reason = group[0].reason ?? "below \(mechanism)"
            groups.append(FilteredGroup(count: group.count, what: "\(findings(group.count)) \(reason)", howToSee: "\(option) \(lowest)"))
        }
        let outsideDiff = entries.filter { $0.mechanism == SuppressionMechanism.diff }
        if !outsideDiff.isEmpty {
            let reason = outsideDiff[0].reason ?? "not on a changed line"
            groups.append(FilteredGroup(count: outsideDiff.count, what: "\(findings(outsideDiff.count)) \(reason) (--diff-base)", howToSee: "run without --diff-base"))
        }
        let accounted = groups.reduce(0) { $0 + $1.count }
        if accounted < entries.count {
            groups.append(FilteredGroup(count: entries.count - accounted, what: "other \(findings(entries.count - accounted)) left out by the selection", howToSee: "--select ALL"))
        }
        return groups
    }

    /// "2 fixable with --fix (1 more with --unsafe-fixes)", as ruff says it, with each option
    /// written by `code` (backticks in Markdown, `<code>` in HTML); nil when nothing is fixable.
    /// With `unsafeFixes` (`--unsafe-fixes` or `unsafe-fixes = true`) the unsafe ones count too.
    public func fixableLine(unsafeFixes: Bool, code: (String) -> String = { $0 }) -> String? {
        let safe = fixable[.safe] ?? 0, unsafe = fixable[.unsafe] ?? 0
        guard safe + unsafe > 0 else { return nil }
        if unsafeFixes { return "\(safe + unsafe) fixable with \(code("--fix --unsafe-fixes"))" }
        return "\(safe) fixable with \(code("--fix"))" + (unsafe > 0 ? " (\(unsafe) more with \(code("--unsafe-fixes")))" : "")
    }

    /// "High 2, Medium 1" (non-zero severities only), or "none".
    var severityLine: String {
        let parts = bySeverity.filter { $0.count > 0 }.map { "\($0.severity) \($0.count)" }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    static func mechanismLine(_ counts: [(mechanism: String, count: Int)]) -> String {
        counts.map { "\($0.mechanism) \($0.count)" }.joined(separator: ", ")
    }
}
