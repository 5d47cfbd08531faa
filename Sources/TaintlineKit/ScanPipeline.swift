import Dependencies
import Findings
import Foundation
import ProjectChecks
import PythonSyntax
import Reporting
import Rules
import Secrets
import Templates
import Workspace

/// What a scan should do.
public struct ScanOptions: Sendable {
    public var discovery: DiscoveryOptions
    /// Files larger than this are skipped (and counted) rather than read.
    public var maxFileSize: Int
    /// Worker threads; defaults to every core.
    public var jobs: Int
    /// Analyses to run (`scan` runs them all).
    public var analyses: Set<Analysis>
    /// The dependency audit's settings (advisory database, target interpreter).
    public var dependencies: DependencyAuditOptions

    public init(discovery: DiscoveryOptions = DiscoveryOptions(), maxFileSize: Int = 64 << 20, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                analyses: Set<Analysis> = Set(Analysis.allCases), dependencies: DependencyAuditOptions = DependencyAuditOptions(requireDatabase: false)) {
        self.discovery = discovery
        self.maxFileSize = maxFileSize
        self.jobs = max(1, jobs)
        self.analyses = analyses
        self.dependencies = dependencies
    }
}

/// The result of analysing one file: what happened to it and what it contributed.
struct FileResult: Sendable {
    var outcome: FileOutcome
    var findings: [Finding] = []
    /// Findings an analysis silenced itself (the secret scan's `pragma: allowlist secret`).
    var suppressed: [SuppressedFinding] = []
    /// The file's comments, for suppression directives.
    var comments: [SourceComment] = []
    /// Line spans of its statements (Python only), so a directive anywhere on a multi-line
    /// statement applies to the whole statement.
    var statementSpans: [ClosedRange<Int>] = []
    /// The parsed module, for the project-wide rule pass.
    var parsed: RuleEngine.ProjectFile?
}

/// Ties the modules together: discovery, then every file analysed in parallel, then the
/// results merged in a stable order.
public enum ScanPipeline {
    /// Every rule and detector the scan can report, for `rules`, `explain` and SARIF.
    public static var allRules: [RuleDescriptor] {
        RuleRegistry.descriptors + TemplateRules.descriptors + SecretRules.all + DependencyRules.all + ProjectChecks.all
    }

    public static func run(paths: [String], options: ScanOptions) -> ScanReport {
        let discovery = FileDiscovery.discover(roots: paths, options: options.discovery)
        let results = SyntaxCheck.parallelMap(discovery.files, jobs: options.jobs) { file in
            analyze(file, options: options)
        }
        var report = ScanReport(toolVersion: taintlineVersion, roots: paths, rules: allRules)
        report.files = discovery.outcomes + results.map(\.outcome)
        var findings = results.flatMap(\.findings)
        // Credentials are masked in output wherever they are shown, also when their own finding is
        // merged into another, suppressed or filtered out later.
        report.recordRedactions(of: findings + results.flatMap(\.suppressed).map(\.finding))
        if options.analyses.contains(.code) {
            let code = codeFindings(discovery.files, results)
            report.recordRedactions(of: code)
            findings = mergeCredentialFindings(code: code, others: findings)
            findings = TextRenderedTemplates.filter(findings, TextRenderedTemplates.collect(results.compactMap(\.parsed)))
        }
        if options.analyses.contains(.project) {
            findings += projectFindings(discovery.files)
        }
        if options.analyses.contains(.dependencies) {
            for root in paths {
                var isFolder: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: root, isDirectory: &isFolder)
                if exists && !isFolder.boolValue && !DependencyAudit.isManifest(fileNamed: (root as NSString).lastPathComponent) { continue }
                do {
                    let audit = try DependencyAudit.run(root: root, options: options.dependencies)
                    // The audit names files relative to its root; show them as the walk does.
                    let folder = exists && !isFolder.boolValue ? (root as NSString).deletingLastPathComponent : root
                    let shown = { (path: String) in FileDiscovery.displayPath(root: folder, relative: path) }
                    findings += audit.findings.map { finding in
                        var copy = finding
                        copy.location.file = shown(finding.location.file)
                        return copy
                    }
                    report.notices += audit.notices.filter { !report.notices.contains($0) }
                    if report.advisoryDatabase == nil { report.advisoryDatabase = audit.database }
                    // Manifests are already counted by the walk; only add what the walk cannot know.
                    report.files += audit.files.compactMap { outcome in
                        guard case .failed = outcome.status else { return nil }
                        return FileOutcome(path: shown(outcome.path), status: outcome.status)
                    }
                } catch {
                    report.notices.append("dependency audit of \(root): \(error)")
                }
            }
        }
        report.findings = findings
        report.suppressed += results.flatMap(\.suppressed)
        var comments: [String: [SourceComment]] = [:]
        var spans: [String: [ClosedRange<Int>]] = [:]
        for (file, result) in zip(discovery.files, results) {
            if !result.comments.isEmpty { comments[file.displayPath] = result.comments }
            if !result.statementSpans.isEmpty { spans[file.displayPath] = result.statementSpans }
        }
        report = Suppressions.apply(to: report, commentsByFile: comments, statementSpans: spans)
        report.findings = Fingerprint.disambiguate(report.findings.sorted(by: Finding.reportOrder))
        return report
    }

    static func analyze(_ file: DiscoveredFile, options: ScanOptions) -> FileResult {
        if file.size > options.maxFileSize {
            return FileResult(outcome: FileOutcome(path: file.displayPath, status: .skipped(reason: "larger than \(options.maxFileSize >> 20) MB")))
        }
        let wantsSecrets = options.analyses.contains(.secrets)
        let wantsTemplate = options.analyses.contains(.code) && TemplateScanner.isTemplate(path: file.relativePath)
        guard file.isPython || wantsSecrets || wantsTemplate else {
            return FileResult(outcome: FileOutcome(path: file.displayPath, status: .skipped(reason: "not Python source")))
        }
        let raw: [UInt8]
        do {
            raw = try readFile(file.path)
        } catch {
            return FileResult(outcome: FileOutcome(path: file.displayPath, status: .failed(reason: "cannot read: \(error)")))
        }
        var secrets = SecretScanResult()
        if wantsSecrets {
            secrets = SecretScanner.scan(bytes: raw, displayPath: file.displayPath)
        }
        guard file.isPython else {
            return analyzeText(file, raw: raw, secrets: secrets, template: wantsTemplate)
        }
        let source: SourceFile
        do {
            source = try SourceFile.decode(path: file.displayPath, raw: raw)
        } catch {
            return FileResult(outcome: FileOutcome(path: file.displayPath, status: .failed(reason: "cannot decode: \(error)")))
        }
        let tree = PythonParser.parse(source)
        var result = FileResult(outcome: FileOutcome(path: file.displayPath, status: .scanned(partial: false)),
                                findings: secrets.findings, suppressed: secrets.suppressed)
        result.parsed = RuleEngine.ProjectFile(path: file.relativePath, source: source, tree: tree)
        result.comments = tree.comments.map { SourceComment(line: Int($0.line), text: $0.text) }
        result.statementSpans = statementSpans(tree)
        if let first = tree.errors.first {
            // The good parts of the file are still analysed; the file counts as failed so the
            // exit status says the scan was incomplete.
            let more = tree.errors.count > 1 ? " (and \(tree.errors.count - 1) more)" : ""
            result.outcome.status = .failed(reason: "syntax error: \(first.message) (line \(first.line), column \(first.column))\(more)")
        }
        return result
    }

    /// A file that is not Python: its secrets, and its template checks when it is a template.
    static func analyzeText(_ file: DiscoveredFile, raw: [UInt8], secrets: SecretScanResult, template: Bool) -> FileResult {
        let binary = raw.prefix(8192).contains(0)
        if !template || binary, let reason = secrets.skipReason ?? (binary ? "binary file" : nil) {
            return FileResult(outcome: FileOutcome(path: file.displayPath, status: .skipped(reason: reason)))
        }
        var result = FileResult(outcome: FileOutcome(path: file.displayPath, status: .scanned(partial: false)),
                                findings: secrets.findings, suppressed: secrets.suppressed)
        if template {
            let scanned = TemplateScanner.scan(bytes: raw, displayPath: file.displayPath)
            result.findings += scanned.findings
            result.comments = scanned.comments.map { SourceComment(line: $0.line, text: $0.text) }
        } else if !result.findings.isEmpty {
            // Only files with findings need their comments, for `# taintline: ignore[...]`.
            result.comments = Suppressions.hashComments(in: String(decoding: raw, as: UTF8.self))
        }
        return result
    }

    /// A hard-coded credential in Python code can be reported by a code rule (which knows it
    /// is a `SECRET_KEY` or a password argument) and by the secret scan (which knows its
    /// shape). The user sees it once: the code rule's finding wins on the same line.
    static func mergeCredentialFindings(code: [Finding], others: [Finding]) -> [Finding] {
        let credentialCWEs: Set<Int> = [259, 321, 798]
        var credentialLines = Set<String>()
        for finding in code where credentialCWEs.contains(finding.cwe.number) {
            for line in finding.location.startLine...max(finding.location.startLine, finding.location.endLine) {
                credentialLines.insert("\(finding.location.file):\(line)")
            }
        }
        let kept = others.filter { finding in
            finding.analysis != .secrets || !credentialLines.contains("\(finding.location.file):\(finding.location.startLine)")
        }
        return code + kept
    }

    /// Project checks per scan root folder, over the files the walk kept.
    static func projectFindings(_ files: [DiscoveredFile]) -> [Finding] {
        var byRoot: [String: [ProjectFile]] = [:]
        var order: [String] = []
        for file in files {
            if byRoot[file.root] == nil { order.append(file.root) }
            byRoot[file.root, default: []].append(ProjectFile(relativePath: file.relativePath, displayPath: file.displayPath, path: file.path))
        }
        return order.flatMap { root -> [Finding] in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else { return [] }
            return ProjectChecks.run(files: byRoot[root] ?? [])
        }
    }

    /// Runs the rule catalog over every parsed Python file as one project (module names from
    /// paths relative to the scan root, a shared index of functions and calls), and shows each
    /// finding's file as the walk shows it.
    static func codeFindings(_ files: [DiscoveredFile], _ results: [FileResult]) -> [Finding] {
        var parsed: [RuleEngine.ProjectFile] = []
        var shown: [String] = []
        for (file, result) in zip(files, results) {
            guard let module = result.parsed else { continue }
            parsed.append(module)
            shown.append(file.displayPath)
        }
        let perFile = RuleEngine.standard.analyzeProject(parsed).findings
        return zip(shown, perFile).flatMap { path, findings in
            findings.map { finding in
                var copy = finding
                copy.location.file = path
                return copy
            }
        }
    }

    /// The line spans suppression comments apply to: each simple statement whole, and each
    /// compound statement's header (from its first line to the line before its body).
    static func statementSpans(_ tree: SyntaxTree) -> [ClosedRange<Int>] {
        var spans: [ClosedRange<Int>] = []
        spans.reserveCapacity(tree.stmts.count)
        for stmt in tree.stmts {
            let first = Int(stmt.range.lineno)
            var last = Int(stmt.range.endLineno)
            if let body = firstBodyStatement(stmt.kind, tree) {
                last = max(first, Int(tree[body].range.lineno) - 1)
            }
            if first > 0 && last >= first { spans.append(first...last) }
        }
        return spans
    }

    private static func firstBodyStatement(_ kind: StmtKind, _ tree: SyntaxTree) -> StmtID? {
        switch kind {
        case .functionDef(let def), .asyncFunctionDef(let def): return def.body.first
        case .classDef(let def): return def.body.first
        case .for(_, _, let body, _, _), .asyncFor(_, _, let body, _, _), .while(_, let body, _), .if(_, let body, _),
             .with(_, let body, _), .asyncWith(_, let body, _), .try(let body, _, _, _), .tryStar(let body, _, _, _):
            return body.first
        case .match(_, let cases): return cases.first?.body.first
        default: return nil
        }
    }
}

/// Errors reading an input file, worded for the summary.
public struct FileReadError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Reads a whole file into bytes with POSIX calls (no Foundation `Data` copy).
public func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw FileReadError(description: String(cString: strerror(errno))) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw FileReadError(description: String(cString: strerror(errno))) }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var total = 0
    while total < bytes.count {
        let n = bytes.withUnsafeMutableBytes { buffer in
            read(fd, buffer.baseAddress! + total, buffer.count - total)
        }
        if n < 0 {
            if errno == EINTR { continue }
            throw FileReadError(description: String(cString: strerror(errno)))
        }
        if n == 0 { break }
        total += n
    }
    if total < bytes.count { bytes.removeLast(bytes.count - total) }
    return bytes
}
