import Foundation

/// What a rule or detector is, independent of any occurrence: used by `taintline rules`,
/// `taintline explain`, the README's rule table and SARIF's `tool.driver.rules`.
public struct RuleDescriptor: Hashable, Codable, Sendable {
    /// Stable id, e.g. `TL-B602`, `SECRET-GITHUB`, `DEP-VULN`, `PROBE-CSP`.
    public var id: String
    /// Kebab-case name, e.g. `subprocess-shell-true`.
    public var name: String
    /// One-line summary.
    public var summary: String
    public var severity: Severity
    public var confidence: Confidence
    public var owasp: OWASPCategory
    public var cwe: CWE
    public var analysis: Analysis
    /// Markdown in the fixed shape: What it does / Why is this bad? / Example / Use instead / References.
    public var documentation: String
    public var references: [String]
    /// Other tools' ids for the same check (bandit `B602`, ruff `S602`), which `# nosec B602` also names.
    public var aliases: [String]
    /// False for audit rules that flag every use of an API whatever the data (bandit's blacklisted
    /// imports, every subprocess call): they run only when selected by id, alias or `ALL`, so
    /// the default report holds problems, not reminders.
    public var enabledByDefault: Bool
    /// How safe the rule's mechanical fix is (`scan --fix`), or nil when it has none.
    public var fixApplicability: FixApplicability? = nil

    public init(id: String, name: String, summary: String, severity: Severity, confidence: Confidence, owasp: OWASPCategory,
                cwe: CWE, analysis: Analysis, documentation: String, references: [String] = [], aliases: [String] = [],
                enabledByDefault: Bool = true) {
        self.id = id
        self.name = name
        self.summary = summary
        self.severity = severity
        self.confidence = confidence
        self.owasp = owasp
        self.cwe = cwe
        self.analysis = analysis
        self.documentation = documentation
        self.references = references
        self.aliases = aliases
        self.enabledByDefault = enabledByDefault
    }
}

/// What happened to one input file. Every file the scan meets gets exactly one.
public struct FileOutcome: Hashable, Codable, Sendable {
    public enum Status: Hashable, Codable, Sendable {
        /// Read and analysed; `partial` when it had syntax errors and only the good parts were analysed.
        case scanned(partial: Bool)
        /// Deliberately not analysed (excluded, binary, vendored, too large, ...).
        case skipped(reason: String)
        /// Should have been analysed but could not be (unreadable, undecodable, unparsable).
        case failed(reason: String)
    }

    public var path: String
    public var status: Status

    public init(path: String, status: Status) {
        self.path = path
        self.status = status
    }
}

/// A finding that a suppression comment, a configuration ignore or a baseline removed from the
/// report; counted in the summary, never silently lost.
public struct SuppressedFinding: Hashable, Codable, Sendable {
    public var finding: Finding
    /// `nosec`, `inline`, `config`, `baseline`, `allowlist`.
    public var mechanism: String
    public var reason: String?

    public init(finding: Finding, mechanism: String, reason: String? = nil) {
        self.finding = finding
        self.mechanism = mechanism
        self.reason = reason
    }
}

/// The complete result of one run: the input of every reporter.
public struct ScanReport: Codable, Sendable {
    public var toolVersion: String
    /// The roots the user asked to scan, as given.
    public var roots: [String]
    public var findings: [Finding]
    public var suppressed: [SuppressedFinding]
    public var files: [FileOutcome]
    /// Descriptors of every rule that could have fired (for SARIF and summaries).
    public var rules: [RuleDescriptor]
    /// Problems that are not findings and not file outcomes (bad configuration, a probe that
    /// could not reach its host, ...), in the user's words.
    public var notices: [String]
    /// Credentials found in each file (by `Location.file`), whether or not their findings are
    /// reported (merged into another, filtered out, suppressed, below a threshold): any source
    /// line output shows is masked with them, besides the spans of the findings themselves.
    public var redactions: [String: [RedactedSpan]]
    /// The advisory database the dependency audit matched against (nil when no audit needed one).
    public var advisoryDatabase: AdvisoryDatabaseInfo?
    /// What `scan --fix` or `--diff` did (nil when no fix was asked for).
    public var fixes: FixSummary? = nil
    /// How the scan used its cache; nil when it had none. The text summary shows it; JSON and
    /// SARIF do not, since a scan from the cache gives the same report as one without.
    public var cache: CacheStatistics?

    public init(toolVersion: String, roots: [String], findings: [Finding] = [], suppressed: [SuppressedFinding] = [],
                files: [FileOutcome] = [], rules: [RuleDescriptor] = [], notices: [String] = [],
                redactions: [String: [RedactedSpan]] = [:], advisoryDatabase: AdvisoryDatabaseInfo? = nil) {
        self.toolVersion = toolVersion
        self.roots = roots
        self.findings = findings
        self.suppressed = suppressed
        self.files = files
        self.rules = rules
        self.notices = notices
        self.redactions = redactions
        self.advisoryDatabase = advisoryDatabase
    }

    /// Adds the spans of `findings` to the table (the pipeline calls it with every finding an
    /// analysis produced, before any is merged or filtered away).
    public mutating func recordRedactions(of findings: [Finding]) {
        for finding in findings where !finding.redactions.isEmpty {
            redactions[finding.location.file, default: []] += finding.redactions
        }
    }

    public var failedFiles: [FileOutcome] {
        files.filter { if case .failed = $0.status { return true } else { return false } }
    }
}

/// What the scan cache saved one scan: files whose results were reused or analysed afresh, and
/// Python modules whose code findings were reused or computed again.
public struct CacheStatistics: Hashable, Codable, Sendable {
    /// The cache folder.
    public var directory: String
    /// Files whose per-file results (secrets, templates, deploy checks, parse outcome) came from the cache.
    public var reusedFiles = 0
    /// Files read and analysed afresh (new, changed, or without a usable record).
    public var analysedFiles = 0
    /// Modules whose code findings came from the cache.
    public var reusedModules = 0
    /// Modules the code rules ran on.
    public var analysedModules = 0
    /// Whether every module was parsed again for the project-wide facts (the module list changed).
    public var projectPass = false
    /// Why an existing cache file was not used (another build, unreadable), for debugging only.
    public var discarded: String?
    /// Why the cache could not be used or written; the scan went on without it.
    public var problem: String?

    public init(directory: String) { self.directory = directory }
}

/// Taintline's version, printed by `--version` and written into JSON and SARIF.
public let taintlineVersion = "0.1.0"

/// Which advisory database a dependency audit used and how old its data is, so every report can
/// say what its dependency verdicts rest on.
public struct AdvisoryDatabaseInfo: Hashable, Codable, Sendable {
    /// Why this database was chosen: `--db`, `cache` (`taintline db update`), or `built-in`.
    public var origin: String
    /// The folder or file it was read from.
    public var path: String
    /// What it is, e.g. `PyPA advisory-database 3ccb612` or `osv.dev PyPI export`.
    public var name: String?
    /// The date of its newest advisory change (`YYYY-MM-DD`), when known.
    public var date: String?

    public init(origin: String, path: String, name: String? = nil, date: String? = nil) {
        self.origin = origin
        self.path = path
        self.name = name
        self.date = date
    }

    /// Whole days between `date` and `now` (UTC), or nil when the date is unknown.
    public func ageInDays(now: Date) -> Int? {
        guard let date, let day = AdvisoryDatabaseInfo.day(date) else { return nil }
        return Int((now.timeIntervalSince1970 - day.timeIntervalSince1970) / 86_400)
    }

    /// One line for reports: `built-in snapshot (PyPA advisory-database 3ccb612), dated 2024-10-10`.
    public var line: String {
        let what: String
        switch origin {
        case "built-in": what = "built-in snapshot"
        case "cache": what = "cache \(path)"
        default: what = path
        }
        return what + (name.map { " (\($0))" } ?? "") + ", " + (date.map { "dated \($0)" } ?? "date unknown")
    }

    /// `2024-10-10` (or the date part of an RFC 3339 timestamp) as midnight UTC.
    static func day(_ text: String) -> Date? {
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents()
        components.year = parts[0]; components.month = parts[1]; components.day = parts[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }
}
