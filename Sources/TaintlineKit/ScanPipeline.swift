import Dependencies
import Deploy
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
    /// Told where the scan is (phase, files done / total), from any thread; `nil` for silence.
    public var progress: (@Sendable (ScanProgress) -> Void)?
    /// Bytes to analyse in place of a file's own, by the path the scan shows (`scan --fix`
    /// checks its fixes on the fixed text before writing anything).
    public var contents: [String: [UInt8]] = [:]

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
    /// The parsed module, for the project-wide rule pass (nil when the code analysis is off: the
    /// tree is then dropped as soon as its comments and statement spans are taken).
    var parsed: RuleEngine.ProjectFile?
    /// The templates the module renders as text or HTML (its share of `TextRenderedTemplates`).
    var renders = TextRenderedTemplates.Renders()
    /// The bytes of a file the project checks or the dependency audit read (env files, CI
    /// configuration, manifests: small), so they are not read a second time.
    var kept: [UInt8]?
}

/// A value one concurrent analysis writes and the pipeline reads after they all finish.
private final class Slot<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// Ties the modules together: one discovery pass, then every file read once and analysed in
/// parallel (secrets, decoding, parsing, templates, deploy files), then the project-wide analyses (the code
/// rules, the project checks, the dependency audit) at the same time, each over what the one
/// read produced; results are merged in a stable order.
public enum ScanPipeline {
    /// Every rule and detector the scan can report, for `rules`, `explain` and SARIF.
    public static var allRules: [RuleDescriptor] {
        RuleRegistry.descriptors + TemplateRules.descriptors + SecretRules.all + DependencyRules.all + ProjectChecks.all + DeployRules.descriptors
    }

    public static func run(paths: [String], options: ScanOptions) -> ScanReport {
        scan(paths: paths, options: options, keepCode: false).report
    }

    /// The scan, and the Python files it parsed for the code rules (with the paths its findings
    /// show them by), for analyses that describe the code beside the findings (the threat
    /// model). The files are empty when the code analysis is off.
    public static func runKeepingCode(paths: [String], options: ScanOptions) -> (report: ScanReport, code: [RuleEngine.ProjectFile], displayPaths: [String]) {
        scan(paths: paths, options: options, keepCode: true)
    }

    static func scan(paths: [String], options: ScanOptions, keepCode: Bool) -> (report: ScanReport, code: [RuleEngine.ProjectFile], displayPaths: [String]) {
        let progress = options.progress ?? { _ in }
        progress(ScanProgress(phase: "finding files"))
        let discovery = FileDiscovery.discover(roots: paths, options: options.discovery)
        let counter = ProgressCounter(total: discovery.files.count, report: progress)
        progress(ScanProgress(phase: "analysing files", done: 0, total: discovery.files.count))
        var results = SyntaxCheck.parallelMap(discovery.files, jobs: options.jobs) { file in
            defer { counter.fileDone() }
            return analyze(file, options: options)
        }
        var report = ScanReport(toolVersion: taintlineVersion, roots: paths, rules: allRules)
        report.files = discovery.outcomes + results.map(\.outcome)
        var findings = results.flatMap(\.findings)
        // Credentials are masked in output wherever they are shown, also when their own finding is
        // merged into another, suppressed or filtered out later.
        report.recordRedactions(of: findings + results.flatMap(\.suppressed).map(\.finding))

        // The project-wide analyses run at the same time: the code rules (themselves spread over
        // every core), the project checks and the dependency audit, which only need the bytes
        // the read above kept for them.
        var keptByPath: [String: [UInt8]] = [:]
        for (file, result) in zip(discovery.files, results) {
            if let bytes = result.kept { keptByPath[file.path] = bytes }
        }
        let kept = keptByPath
        let files = discovery.files
        let parsed = results.map(\.parsed)
        var keptCode: [RuleEngine.ProjectFile] = []
        var keptPaths: [String] = []
        for (file, module) in zip(files, parsed) where keepCode {
            guard let module else { continue }
            keptCode.append(module)
            keptPaths.append(file.displayPath)
        }
        var renders = TextRenderedTemplates.Renders()
        for result in results {
            renders.text.formUnion(result.renders.text)
            renders.html.formUnion(result.renders.html)
        }
        // The trees now live only in `parsed`, which the code analysis releases when it is done.
        for index in results.indices {
            results[index].parsed = nil
            results[index].kept = nil
        }
        let project = Slot<[Finding]>([])
        let audits = Slot<[RootAudit]>([])
        let group = DispatchGroup()
        let queue = DispatchQueue.global(qos: .userInitiated)
        if options.analyses.contains(.project) {
            queue.async(group: group) { project.value = projectFindings(files, kept: kept) }
        }
        if options.analyses.contains(.dependencies) {
            queue.async(group: group) { audits.value = dependencyAudits(paths: paths, files: files, kept: kept, options: options.dependencies) }
        }
        if options.analyses.contains(.code) {
            progress(ScanProgress(phase: "project-wide rules"))
            let code = codeFindings(files, parsed)
            report.recordRedactions(of: code)
            findings = code + findings
            findings = TextRenderedTemplates.filter(findings, renders)
        }
        if options.analyses.contains(.dependencies) { progress(ScanProgress(phase: "dependency audit")) }
        group.wait()
        findings += project.value
        for audit in audits.value {
            findings += audit.findings
            report.notices += audit.notices.filter { !report.notices.contains($0) }
            if report.advisoryDatabase == nil { report.advisoryDatabase = audit.database }
            report.files += audit.files
        }
        // One finding per problem: overlapping rules' findings merged into the most specific one,
        // before suppression comments, which then apply to every rule a finding covers.
        report.findings = FindingOverlaps.merge(findings.sorted(by: Finding.reportOrder))
        report.suppressed += results.flatMap(\.suppressed)
        var comments: [String: [SourceComment]] = [:]
        var spans: [String: [ClosedRange<Int>]] = [:]
        for (file, result) in zip(discovery.files, results) {
            if !result.comments.isEmpty { comments[file.displayPath] = result.comments }
            if !result.statementSpans.isEmpty { spans[file.displayPath] = result.statementSpans }
        }
        report = Suppressions.apply(to: report, commentsByFile: comments, statementSpans: spans)
        report.findings = Fingerprint.disambiguate(report.findings.sorted(by: Finding.reportOrder))
        return (report, keptCode, keptPaths)
    }

    static func analyze(_ file: DiscoveredFile, options: ScanOptions) -> FileResult {
        let tooLarge = FileResult(outcome: FileOutcome(path: file.displayPath, status: .skipped(reason: "larger than \(options.maxFileSize >> 20) MB")))
        if let size = file.size, size > options.maxFileSize { return tooLarge }
        let wantsSecrets = options.analyses.contains(.secrets)
        let wantsCode = options.analyses.contains(.code)
        let wantsTemplate = wantsCode && TemplateScanner.isTemplate(path: file.relativePath)
        // Dockerfiles, Compose files, manifests, app server configuration: by name first, then by content.
        let wantsDeploy = options.analyses.contains(.deploy) && DeployScanner.candidateKind(relativePath: file.relativePath) != nil
        guard file.isPython || wantsSecrets || wantsTemplate || wantsDeploy else {
            return FileResult(outcome: FileOutcome(path: file.displayPath, status: .skipped(reason: "not Python source")))
        }
        let raw: [UInt8]
        do {
            // The walk took the entry's type from the folder listing; the size comes from `fstat`.
            if let given = options.contents[file.displayPath] {
                raw = given
            } else {
                guard let bytes = try readFile(file.path, maximumSize: options.maxFileSize) else { return tooLarge }
                raw = bytes
            }
        } catch {
            return FileResult(outcome: FileOutcome(path: file.displayPath, status: .failed(reason: "cannot read: \(error)")))
        }
        // Env files, CI configuration and manifests are read by later analyses: keep their bytes.
        let keep = (options.analyses.contains(.project) && ProjectChecks.readsContents(ofRelativePath: file.relativePath))
            || (options.analyses.contains(.dependencies) && DependencyAudit.isManifest(relativePath: file.relativePath))
        var secrets = SecretScanResult()
        if wantsSecrets {
            secrets = SecretScanner.scan(bytes: raw, displayPath: file.displayPath, relativePath: file.relativePath)
        }
        let deploy = wantsDeploy ? DeployScanner.scan(bytes: raw, relativePath: file.relativePath, displayPath: file.displayPath) : nil
        guard file.isPython else {
            var result = analyzeText(file, raw: raw, secrets: secrets, secretsRan: wantsSecrets, template: wantsTemplate, deploy: deploy)
            if keep { result.kept = raw }
            return result
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
        if keep { result.kept = raw }
        if wantsCode {
            result.parsed = RuleEngine.ProjectFile(path: file.relativePath, source: source, tree: tree)
            result.renders = TextRenderedTemplates.collect([result.parsed!])
        }
        result.comments = tree.comments.map { SourceComment(line: Int($0.line), text: $0.text) }
        result.statementSpans = statementSpans(tree)
        // A gunicorn configuration file is Python: its deploy findings join the file's own.
        result.findings += deploy?.findings ?? []
        if let first = tree.errors.first {
            // The good parts of the file are still analysed; the file counts as failed so the
            // exit status says the scan was incomplete.
            let more = tree.errors.count > 1 ? " (and \(tree.errors.count - 1) more)" : ""
            result.outcome.status = .failed(reason: "syntax error: \(first.message) (line \(first.line), column \(first.column))\(more)")
        }
        return result
    }

    /// A file that is not Python: its secrets, its template checks when it is a template, and its
    /// deploy checks when it is a deploy file (`deploy`: nil when it is not one, or they are off).
    static func analyzeText(_ file: DiscoveredFile, raw: [UInt8], secrets: SecretScanResult, secretsRan: Bool, template: Bool,
                            deploy: DeployScanResult?) -> FileResult {
        let binary = raw.prefix(8192).contains(0)
        if deploy == nil, !template || binary,
           let reason = secrets.skipReason ?? (binary ? "binary file" : nil) ?? (secretsRan || template ? nil : "not Python source or a deploy file") {
            return FileResult(outcome: FileOutcome(path: file.displayPath, status: .skipped(reason: reason)))
        }
        var result = FileResult(outcome: FileOutcome(path: file.displayPath, status: .scanned(partial: false)),
                                findings: secrets.findings, suppressed: secrets.suppressed)
        if template {
            let scanned = TemplateScanner.scan(bytes: raw, displayPath: file.displayPath)
            result.findings += scanned.findings
            result.comments = scanned.comments.map { SourceComment(line: $0.line, text: $0.text) }
        }
        if let deploy {
            result.findings += deploy.findings
            result.statementSpans = deploy.statementSpans
            // The secret scan may have read the file, but the deploy checks could not: the scan is incomplete.
            if let failure = deploy.failure { result.outcome.status = .failed(reason: failure) }
        }
        if !template, !result.findings.isEmpty {
            // Only files with findings need their comments, for `# taintline: ignore[...]`.
            result.comments = Suppressions.hashComments(in: String(decoding: raw, as: UTF8.self))
        }
        return result
    }

    /// Project checks per scan root folder, over the files the walk kept (with the bytes the scan
    /// already read, by path).
    static func projectFindings(_ files: [DiscoveredFile], kept: [String: [UInt8]]) -> [Finding] {
        var byRoot: [String: [ProjectFile]] = [:]
        var order: [String] = []
        for file in files {
            if byRoot[file.root] == nil { order.append(file.root) }
            byRoot[file.root, default: []].append(ProjectFile(relativePath: file.relativePath, displayPath: file.displayPath, path: file.path,
                                                              contents: kept[file.path]))
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
    static func codeFindings(_ files: [DiscoveredFile], _ modules: [RuleEngine.ProjectFile?]) -> [Finding] {
        var parsed: [RuleEngine.ProjectFile] = []
        var shown: [String] = []
        for (file, module) in zip(files, modules) {
            guard let module else { continue }
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

    /// What one scan root's dependency audit contributes.
    struct RootAudit: Sendable {
        var findings: [Finding] = []
        var notices: [String] = []
        /// Files only the audit can know about (failed includes); manifests are counted by the walk.
        var files: [FileOutcome] = []
        /// The advisory database the audit matched against.
        var database: AdvisoryDatabaseInfo?
    }

    /// The dependency audit of each scan root, over the manifests the shared walk found (a folder
    /// root) or the manifest named on the command line, with the bytes the scan already read.
    static func dependencyAudits(paths: [String], files: [DiscoveredFile], kept: [String: [UInt8]], options: DependencyAuditOptions) -> [RootAudit] {
        var walkedByRoot: [String: [(path: String, relative: String)]] = [:]
        for file in files { walkedByRoot[file.root, default: []].append((file.path, file.relativePath)) }
        var audits: [RootAudit] = []
        for root in paths {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: root, isDirectory: &isFolder)
            if exists && !isFolder.boolValue && !DependencyAudit.isManifest(fileNamed: (root as NSString).lastPathComponent) { continue }
            var audit = RootAudit()
            do {
                let walked = exists && isFolder.boolValue ? walkedByRoot[root] ?? [] : nil
                let result = try DependencyAudit.run(root: root, walked: walked, contents: kept, options: options)
                // The audit names files relative to its root; show them as the walk does.
                let folder = exists && !isFolder.boolValue ? (root as NSString).deletingLastPathComponent : root
                let shown = { (path: String) in FileDiscovery.displayPath(root: folder, relative: path) }
                audit.findings = result.findings.map { finding in
                    var copy = finding
                    copy.location.file = shown(finding.location.file)
                    return copy
                }
                audit.notices = result.notices
                audit.database = result.database
                audit.files = result.files.compactMap { outcome in
                    guard case .failed = outcome.status else { return nil }
                    return FileOutcome(path: shown(outcome.path), status: outcome.status)
                }
            } catch {
                audit.notices.append("dependency audit of \(root): \(error)")
            }
            audits.append(audit)
        }
        return audits
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
    try readFile(path, maximumSize: Int.max) ?? []
}

/// Reads a whole file with `open`, `fstat` and `read` only; nil (without reading) when `fstat`
/// says it is larger than `maximumSize`.
public func readFile(_ path: String, maximumSize: Int) throws -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw FileReadError(description: String(cString: strerror(errno))) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw FileReadError(description: String(cString: strerror(errno))) }
    if Int(info.st_size) > maximumSize { return nil }
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
