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
    /// Where to keep results for the next scan of the same paths; nil (the default for library
    /// calls, so they write nothing) scans without a cache. The command line sets it.
    public var cache: ScanCacheOptions?

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
    /// A template's macro-like calls (its share of `TemplateMacros`).
    var macroCalls: [TemplateMacros.Call] = []
    /// The bytes of a file the project checks or the dependency audit read (env files, CI
    /// configuration, manifests: small), so they are not read a second time.
    var kept: [UInt8]?
    /// A Python file the code analysis covers (it decoded), whether parsed now or taken from the cache.
    var isModule = false
    /// A Python file that could not be decoded.
    var undecodable = false
    /// With the cache on: the SHA-256 (hex) of the bytes read; nil when the file was not read.
    var contentHash: String?
    /// Taken from the cache instead of analysed.
    var reused = false
    /// A module taken from the cache: its bytes, parsed again only if the project's facts must be
    /// worked out anew, and its code findings with the facts digest they were computed under.
    var moduleBytes: [UInt8]?
    var cachedCode: [Finding]?
    var cachedCodeFacts: String?
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
        // The threat model needs every tree, which the cache does not keep: it scans without one.
        // No cache when some files are analysed from text given in place of theirs (`scan --fix`
        // checking its fixes): the cache knows files by what is on disk.
        let cached = keepCode || !options.contents.isEmpty ? nil : options.cache
        var statistics = cached.map { CacheStatistics(directory: $0.directory) }
        var cache = cached.map { ScanCache(options: $0, roots: paths, scan: options) }
        if let folder = options.cache?.directory, cache != nil, ScanCache.isInside(folder, roots: paths) {
            statistics?.problem = "the scan cache folder \(folder) is inside the scanned tree; scanning without it"
            cache = nil
        }
        // The last scan's records are read and decoded while the walk runs.
        let loading = Slot<(file: CacheFile?, discarded: String?)>((nil, nil))
        let loaded = DispatchGroup()
        if let cache { DispatchQueue.global(qos: .userInitiated).async(group: loaded) { loading.value = cache.load() } }
        progress(ScanProgress(phase: "finding files"))
        let discovery = FileDiscovery.discover(roots: paths, options: options.discovery)
        loaded.wait()
        statistics?.discarded = loading.value.discarded
        let previous = loading.value.file
        let counter = ProgressCounter(total: discovery.files.count, report: progress)
        progress(ScanProgress(phase: "analysing files", done: 0, total: discovery.files.count))
        let caching = cache != nil
        var results = SyntaxCheck.parallelMap(discovery.files, jobs: options.jobs) { file in
            defer { counter.fileDone() }
            return analyze(file, options: options, caching: caching, entry: previous?.files[file.path])
        }
        var report = ScanReport(toolVersion: taintlineVersion, roots: paths, rules: allRules)
        report.files = discovery.outcomes + results.map(\.outcome)
        // `|safe` on a macro parameter that every call in the scanned templates fills with a literal.
        var findings = TemplateMacros.filter(results.flatMap(\.findings), calls: results.flatMap(\.macroCalls))
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
        var parsed = results.map(\.parsed)
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
        // The trees now live only in `parsed`, which the code analysis releases when it is done;
        // the bytes of modules taken from the cache only in `cachedModules`.
        var cachedModules: [Int: CachedModule] = [:]
        for index in results.indices {
            results[index].parsed = nil
            results[index].kept = nil
            if let bytes = results[index].moduleBytes {
                cachedModules[index] = CachedModule(bytes: bytes, findings: results[index].cachedCode, facts: results[index].cachedCodeFacts)
                results[index].moduleBytes = nil
                results[index].cachedCode = nil
            }
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
        var code = CodeOutcome()
        if options.analyses.contains(.code) {
            progress(ScanProgress(phase: "project-wide rules"))
            let modules = results.indices.filter { results[$0].isModule }
            code = codeFindings(files, modules: modules, parsed: &parsed, cached: cachedModules, hashes: caching ? results.map(\.contentHash) : nil,
                                previous: previous?.project)
            cachedModules = [:]
            report.recordRedactions(of: code.findings)
            findings = code.findings + findings
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
        if let cache, var statistics {
            statistics.reusedFiles = results.filter(\.reused).count
            statistics.analysedFiles = results.filter { $0.contentHash != nil && !$0.reused }.count
            statistics.reusedModules = code.reusedModules
            statistics.analysedModules = code.analysedModules
            statistics.projectPass = code.projectPass
            statistics.problem = store(cache, previous: previous, files: files, results: results, code: code, statistics: statistics)
            report.cache = statistics
        } else {
            report.cache = statistics
        }
        return (report, keptCode, keptPaths)
    }

    /// Writes this scan's records (or only marks the file used when nothing changed); the
    /// problem when the cache cannot be written.
    static func store(_ cache: ScanCache, previous: CacheFile?, files: [DiscoveredFile], results: [FileResult], code: CodeOutcome,
                      statistics: CacheStatistics) -> String? {
        var entries: [String: FileEntry] = [:]
        for (index, (file, result)) in zip(files, results).enumerated() {
            guard let hash = result.contentHash else { continue }
            if result.reused, !code.analysedModule(index), let entry = previous?.files[file.path] {
                // Unchanged, and so are its code findings: the stored record as it is.
                entries[file.path] = entry
                continue
            }
            // A record gives its outcome the file's display path.
            guard result.outcome.path == file.displayPath else { continue }
            var payload = FilePayload(status: result.outcome.status)
            payload.findings = result.findings
            payload.suppressed = result.suppressed
            // Only comments with a directive, and then the statement spans, can change a result.
            let directives = result.comments.filter { Suppressions.holdsDirective($0.text) }
            payload.directives = directives.map { CachedComment(line: $0.line, text: $0.text) }
            if !directives.isEmpty { payload.spans = result.statementSpans.map { [$0.lowerBound, $0.upperBound] } }
            payload.rendersText = result.renders.text.sorted()
            payload.rendersHTML = result.renders.html.sorted()
            payload.macroCalls = result.macroCalls
            payload.isModule = result.isModule
            payload.undecodable = result.undecodable
            if let found = code.perModule[index] {
                payload.code = found
                payload.codeFacts = code.facts
            }
            if let entry = FileEntry(file: file, hash: hash, payload: payload) { entries[file.path] = entry }
        }
        let unchanged = statistics.analysedFiles == 0 && statistics.analysedModules == 0 && !statistics.projectPass
            && previous.map { Set($0.files.keys) == Set(entries.keys) } == true
        if unchanged {
            cache.touch()
            return nil
        }
        let project = code.modules.map { ProjectRecord(modules: $0, facts: code.facts ?? "") }
        return cache.save(CacheFile(format: ScanCache.format, build: ScanCache.buildIdentity, key: cache.key, files: entries, project: project))
    }

    /// One file: read once, then analysed, or its results taken from the cache when `entry`
    /// (the previous scan's record of it) holds for the bytes just read.
    static func analyze(_ file: DiscoveredFile, options: ScanOptions, caching: Bool = false, entry: FileEntry? = nil) -> FileResult {
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
        var result: FileResult
        if caching {
            let hash = SHA256.hexString(SHA256.digest(raw))
            result = entry.flatMap { reuse($0, file: file, hash: hash, raw: raw, options: options) }
                ?? analyze(file, raw: raw, options: options, wantsSecrets: wantsSecrets, wantsTemplate: wantsTemplate, wantsDeploy: wantsDeploy)
            result.contentHash = hash
        } else {
            result = analyze(file, raw: raw, options: options, wantsSecrets: wantsSecrets, wantsTemplate: wantsTemplate, wantsDeploy: wantsDeploy)
        }
        // A Python file that does not decode is left at that: the later analyses read it themselves.
        if keep && !result.undecodable { result.kept = raw }
        return result
    }

    /// The results a cache record holds, when it was stored for these very bytes at this path.
    static func reuse(_ entry: FileEntry, file: DiscoveredFile, hash: String, raw: [UInt8], options: ScanOptions) -> FileResult? {
        guard entry.hash == hash, entry.displayPath(opened: file.path) == file.displayPath, entry.relativePath == file.relativePath,
              let payload = entry.restore(from: raw) else { return nil }
        var result = FileResult(outcome: FileOutcome(path: file.displayPath, status: payload.status), findings: payload.findings,
                                suppressed: payload.suppressed)
        result.comments = payload.directives.map { SourceComment(line: $0.line, text: $0.text) }
        result.statementSpans = payload.spans.compactMap { $0.count == 2 && $0[0] <= $0[1] ? $0[0]...$0[1] : nil }
        result.renders = TextRenderedTemplates.Renders(text: Set(payload.rendersText), html: Set(payload.rendersHTML))
        result.macroCalls = payload.macroCalls
        result.isModule = payload.isModule
        result.undecodable = payload.undecodable
        result.reused = true
        if payload.isModule && options.analyses.contains(.code) {
            result.moduleBytes = raw
            result.cachedCode = payload.code
            result.cachedCodeFacts = payload.codeFacts
        }
        return result
    }

    /// Analyses the bytes of one file.
    static func analyze(_ file: DiscoveredFile, raw: [UInt8], options: ScanOptions, wantsSecrets: Bool, wantsTemplate: Bool, wantsDeploy: Bool) -> FileResult {
        let wantsCode = options.analyses.contains(.code)
        var secrets = SecretScanResult()
        if wantsSecrets {
            secrets = SecretScanner.scan(bytes: raw, displayPath: file.displayPath, relativePath: file.relativePath)
        }
        let deploy = wantsDeploy ? DeployScanner.scan(bytes: raw, relativePath: file.relativePath, displayPath: file.displayPath) : nil
        guard file.isPython else {
            return analyzeText(file, raw: raw, secrets: secrets, secretsRan: wantsSecrets, template: wantsTemplate, deploy: deploy)
        }
        let source: SourceFile
        do {
            source = try SourceFile.decode(path: file.displayPath, raw: raw)
        } catch {
            var failed = FileResult(outcome: FileOutcome(path: file.displayPath, status: .failed(reason: "cannot decode: \(error)")))
            failed.undecodable = true
            return failed
        }
        let tree = PythonParser.parse(source)
        var result = FileResult(outcome: FileOutcome(path: file.displayPath, status: .scanned(partial: false)),
                                findings: secrets.findings, suppressed: secrets.suppressed)
        if wantsCode {
            result.parsed = RuleEngine.ProjectFile(path: file.relativePath, source: source, tree: tree)
            result.renders = TextRenderedTemplates.collect([result.parsed!])
            result.isModule = true
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
            result.macroCalls = scanned.macroCalls
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

    /// A module taken from the cache, waiting to learn whether the project's facts changed.
    struct CachedModule {
        var bytes: [UInt8]
        var findings: [Finding]?
        var facts: String?
    }

    /// What the code analysis gave, and how much of it the cache supplied.
    struct CodeOutcome {
        /// Every module's findings, in module order, shown by their display paths.
        var findings: [Finding] = []
        /// The same by module (file index), to store.
        var perModule: [Int: [Finding]] = [:]
        /// The modules the rules ran on.
        var analysed: Set<Int> = []
        /// With the cache on: the digests of the module list and of the facts the findings hold under.
        var modules: String?
        var facts: String?
        var reusedModules = 0
        var analysedModules = 0
        var projectPass = false

        func analysedModule(_ index: Int) -> Bool { analysed.contains(index) }
    }

    /// Runs the rule catalog over every Python module as one project (module names from paths
    /// relative to the scan root, a shared index of functions and calls), and shows each finding's
    /// file as the walk shows it.
    ///
    /// With the cache (`hashes` non-nil): when no module changed since the last scan, every
    /// module's stored findings are used as they are and nothing is parsed. Otherwise the modules
    /// taken from the cache are parsed again, the project's facts are worked out, and the rules
    /// run only on the modules that changed, unless the facts did too (`ProjectDigest`): then on all.
    static func codeFindings(_ files: [DiscoveredFile], modules: [Int], parsed: inout [RuleEngine.ProjectFile?], cached: [Int: CachedModule],
                             hashes: [String?]?, previous: ProjectRecord?) -> CodeOutcome {
        var outcome = CodeOutcome()
        if let hashes {
            var digest = StableDigest()
            digest.add(modules.count)
            for index in modules {
                digest.add(files[index].relativePath)
                digest.add(files[index].displayPath)
                digest.add(hashes[index] ?? "")
            }
            outcome.modules = digest.finalize()
            if let previous, previous.modules == outcome.modules,
               modules.allSatisfy({ cached[$0]?.findings != nil && cached[$0]?.facts == previous.facts }) {
                outcome.facts = previous.facts
                for index in modules { outcome.perModule[index] = cached[index]?.findings }
                outcome.findings = modules.flatMap { outcome.perModule[$0] ?? [] }
                outcome.reusedModules = modules.count
                return outcome
            }
        }
        // The facts need every module: those from the cache are parsed again.
        let again = modules.filter { parsed[$0] == nil && cached[$0] != nil }
        let reparsed = SyntaxCheck.parallelMap(again, jobs: SyntaxCheck.processorCount) { index -> RuleEngine.ProjectFile? in
            let file = files[index]
            // It decoded when it was stored, from these very bytes.
            guard let bytes = cached[index]?.bytes, let source = try? SourceFile.decode(path: file.displayPath, raw: bytes) else { return nil }
            return RuleEngine.ProjectFile(path: file.relativePath, source: source, tree: PythonParser.parse(source))
        }
        for (index, module) in zip(again, reparsed) { parsed[index] = module }
        let order = modules.filter { parsed[$0] != nil }
        let engine = RuleEngine.standard
        let prepared = engine.prepare(order.map { parsed[$0]! })
        for index in order { parsed[index] = nil }
        outcome.projectPass = true
        if hashes != nil { outcome.facts = ProjectDigest.of(prepared) }
        var positions: [Int] = []
        for (position, index) in order.enumerated() {
            if let facts = outcome.facts, let module = cached[index], let found = module.findings, module.facts == facts {
                outcome.perModule[index] = found
                outcome.reusedModules += 1
            } else {
                positions.append(position)
            }
        }
        let fresh = engine.findings(in: prepared, at: positions)
        for (position, found) in zip(positions, fresh) {
            let index = order[position]
            let shown = files[index].displayPath
            outcome.perModule[index] = found.map { finding in
                var copy = finding
                copy.location.file = shown
                return copy
            }
            outcome.analysed.insert(index)
        }
        outcome.analysedModules = positions.count
        outcome.findings = order.flatMap { outcome.perModule[$0] ?? [] }
        return outcome
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

    /// The comments and statement spans suppression directives are read from in one file's
    /// text, as a scan reads them (Python, templates, deploy and other text files each their own
    /// way): an editor can check that a directive it would add silences its finding.
    public static func suppressionInputs(of file: DiscoveredFile, text: [UInt8], options: ScanOptions) -> (comments: [SourceComment], statementSpans: [ClosedRange<Int>]) {
        var given = options
        given.contents = [file.displayPath: text]
        let result = analyze(file, options: given)
        return (result.comments, result.statementSpans)
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
