import Dataflow
import Dispatch
import Findings
import Foundation
import PythonSemantics
import PythonSyntax

/// Runs rules over files. One walk per file for all rules: each node is handed only to the
/// rules registered for its kind (the table is derived from the rules' own `nodeKinds`).
public struct RuleEngine: Sendable {
    public let rules: [Rule]
    /// The checks registered for each `NodeKind.rawValue` (closures, not rules, so the hot
    /// loop does not copy descriptors).
    private let dispatch: [[@Sendable (Node, RuleContext) -> [Finding]]]

    /// The engine with every rule of the catalog.
    public static let standard = RuleEngine()

    public init(rules: [Rule] = RuleRegistry.all) {
        self.rules = rules
        var table = Array(repeating: [@Sendable (Node, RuleContext) -> [Finding]](), count: NodeKind.allCases.count)
        for rule in rules {
            for kind in Set(rule.nodeKinds) { table[kind.rawValue].append(rule.check) }
        }
        dispatch = table
    }

    /// `standard.analyze(...)`: every rule of the catalog on one file.
    public static func analyze(tree: SyntaxTree, source: SourceFile, modulePath: String, project: ProjectIndex = .empty) -> [Finding] {
        standard.analyze(tree: tree, source: source, modulePath: modulePath, project: project)
    }

    /// Analyses one parsed file. `modulePath` is the path findings carry and the module name
    /// is derived from (relative to the project root); `project` is the project-wide view
    /// (`ProjectIndex.empty` when analysing a file alone). Findings come back in report order.
    public func analyze(tree: SyntaxTree, source: SourceFile, modulePath: String, project: ProjectIndex = .empty) -> [Finding] {
        let module = ModuleName.from(relativePath: modulePath)
        let model = SemanticModel(tree: tree, moduleName: module.name, isPackage: module.isPackage)
        return analyze(model: model, source: source, modulePath: modulePath, project: project)
    }

    /// Analyses one file whose semantic model is already built (the project pass builds it once).
    public func analyze(model: SemanticModel, source: SourceFile, modulePath: String, project: ProjectIndex = .empty,
                        taintFacts: TaintFacts = .empty, flow: ModuleFlow? = nil) -> [Finding] {
        let tree = model.tree
        let context = RuleContext(tree: tree, source: source, model: model, path: modulePath, project: project, taintFacts: taintFacts,
                                  flow: flow)
        var findings: [Finding] = []
        for check in dispatch[NodeKind.module.rawValue] {
            findings += check(.module, context)
        }
        // The model marks every node reachable from the module body; walking the arena in
        // order visits each of them once, without recursion, and skips debris left by error
        // recovery.
        for index in tree.stmts.indices {
            let id = StmtID(Int32(index))
            guard model.scope(of: id) != nil else { continue }
            let checks = dispatch[NodeKind(tree.stmts[index].kind).rawValue]
            for check in checks {
                let found = check(.statement(id), context)
                if !found.isEmpty { findings += found }
            }
        }
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard model.scope(of: id) != nil else { continue }
            let checks = dispatch[NodeKind(tree.exprs[index].kind).rawValue]
            for check in checks {
                let found = check(.expression(id), context)
                if !found.isEmpty { findings += found }
            }
        }
        if context.isTestFile { findings = findings.map(Self.inTestCode) }
        return Self.deduplicated(findings).sorted(by: Finding.reportOrder)
    }

    /// Test code serves no request and runs no production data: a code finding there is kept
    /// (it may be copied into the app) but at most Low severity and Low confidence, so a
    /// `--fail-on medium` gate is not tripped by `eval` in a fixture. Rules that matter only in
    /// application code already stay quiet in tests (hard-coded passwords, `assert`).
    static func inTestCode(_ finding: Finding) -> Finding {
        var finding = finding
        if finding.severity > .low { finding.severity = .low }
        finding.confidence = .low
        finding.properties["context"] = "test code"
        return finding
    }

    /// One parsed file of a project.
    public struct ProjectFile: Sendable {
        /// Relative to the project root: the module name comes from it, findings carry it.
        public let path: String
        public let source: SourceFile
        public let tree: SyntaxTree
        public init(path: String, source: SourceFile, tree: SyntaxTree) {
            self.path = path
            self.source = source
            self.tree = tree
        }
    }

    /// A project ready for the rules: every file's semantic model and flow facts, the index
    /// joining their summaries, and the cross-module taint facts solved to a fixed point. A file's
    /// findings are a function of the file, its path, `summaries` (the index is built from them)
    /// and `facts`, which is what lets the scan cache reuse a file's findings while they are unchanged.
    public struct PreparedProject: Sendable {
        public let files: [ProjectFile]
        /// Each file's contribution to the index, in the order of `files`.
        public let summaries: [ModuleSummary]
        public let project: ProjectIndex
        public let facts: TaintFacts
        let models: [SemanticModel]
        let flows: [ModuleFlow]
    }

    /// Builds every file's semantic model and summary in parallel, joins them in a
    /// `ProjectIndex` (functions, classes, call graph) and solves the cross-module facts.
    public func prepare(_ files: [ProjectFile]) -> PreparedProject {
        let models = ParallelMap.map(files) { file -> SemanticModel in
            let module = ModuleName.from(relativePath: file.path)
            return SemanticModel(tree: file.tree, moduleName: module.name, isPackage: module.isPackage)
        }
        let summaries = ParallelMap.map(Array(zip(models, files.map(\.path)))) { ModuleSummary(model: $0.0, path: $0.1) }
        let project = ProjectIndex(modules: summaries)
        // Each file's flow facts once, for every context the rounds and the rules build.
        let flows = ParallelMap.map(models) { ModuleFlow(model: $0) }
        let facts = Self.taintFacts(models: models, files: files, flows: flows, project: project)
        return PreparedProject(files: files, summaries: summaries, project: project, facts: facts, models: models, flows: flows)
    }

    /// Runs the rules, in parallel, on the files of a prepared project at `indices` (into
    /// `prepared.files`); findings per file, in the order of `indices`.
    public func findings(in prepared: PreparedProject, at indices: [Int]) -> [[Finding]] {
        ParallelMap.map(indices) { index in
            analyze(model: prepared.models[index], source: prepared.files[index].source, modulePath: prepared.files[index].path,
                    project: prepared.project, taintFacts: prepared.facts, flow: prepared.flows[index])
        }
    }

    /// The whole-project pipeline: `prepare`, then the rules on every file in parallel. Returns
    /// findings per file, in the order of `files`.
    public func analyzeProject(_ files: [ProjectFile]) -> (project: ProjectIndex, findings: [[Finding]]) {
        let prepared = prepare(files)
        return (prepared.project, findings(in: prepared, at: Array(files.indices)))
    }

    /// Which parameters of project functions receive request data, followed through up to
    /// `rounds` levels of calls (a view passes it to a helper, the helper to another, ...).
    /// The first round reads only modules that import a web framework, where request data
    /// starts; later rounds read every module, and stop when nothing new is learned.
    static func taintFacts(models: [SemanticModel], files: [ProjectFile], flows: [ModuleFlow], project: ProjectIndex, rounds: Int = 4) -> TaintFacts {
        guard !project.functions.isEmpty else { return .empty }
        var facts = routeFacts(models: models, project: project).facts
        facts.returns = returnSummaries(models: models, files: files, flows: flows, project: project, known: facts, rounds: rounds)
        // Round 0 reads the modules where request data starts; each later round only the
        // modules that define a function learned about in the round before.
        var relevant: Set<String>? = nil
        for _ in 0..<rounds {
            let known = facts
            let modules = relevant
            let perFile = ParallelMap.map(Array(models.indices)) { index -> TaintFacts in
                let model = models[index]
                if let modules {
                    guard modules.contains(model.moduleName) else { return .empty }
                } else if !ProjectTaint.importsWebFramework(model) {
                    return .empty
                }
                let context = RuleContext(tree: model.tree, source: files[index].source, model: model, path: files[index].path,
                                          project: project, taintFacts: known, flow: flows[index])
                var found = ProjectTaint.collect(context)
                found.merge(FastAPIDependencies.parameterFacts(context))
                return found
            }
            var next = known
            for fileFacts in perFile { next.merge(fileFacts) }
            if next == known { break }
            let learned = next.changedFunctions(since: known)
            // The parameters just learned are new sources inside those functions' bodies.
            relevant = Set(learned.compactMap { project.functions[$0]?.module })
            facts = next
        }
        // Once callers' facts are known, a method can return what its object was built with
        // (`Report(request.args["n"]).path()` returns `"/srv/" + self.name`): summarise again.
        if !facts.parameters.isEmpty || !facts.requestObjects.isEmpty {
            facts.returns = returnSummaries(models: models, files: files, flows: flows, project: project, known: facts, rounds: rounds)
        }
        return facts
    }

    /// The facts that say which functions serve requests, before any data is followed: the
    /// routes URL configurations and route tables give (Django's `urlpatterns`, Starlette's
    /// `Route` lists, registrations), the handlers tables register, FastAPI's dependencies; and
    /// the framework of each function the URL configurations route (for `CodeInventory`).
    static func routeFacts(models: [SemanticModel], project: ProjectIndex) -> (facts: TaintFacts, frameworks: [String: Framework]) {
        var facts = TaintFacts.empty
        let tables = RouteTables.collect(models, project: project)
        let django = DjangoURLConf.routes(models, project: project)
        let starlette = StarletteRoutes.routes(models, project: project)
        facts.urlRoutes = django
            .merging(starlette) { django, _ in django }
            .merging(tables.routes) { first, _ in first }
        facts.registeredHandlers = tables.handlers
        facts.dependencies = FastAPIDependencies.functions(models, project: project)
        var frameworks: [String: Framework] = tables.handlers
        for function in starlette.keys { frameworks[function] = .starlette }
        for function in django.keys { frameworks[function] = .django }
        return (facts, frameworks)
    }

    /// What each project function returns (`ReturnSummaries`), to a fixed point over helpers
    /// that call helpers: round 0 reads every module; each later round only the modules of the
    /// callers of functions whose summary just changed, at most `rounds` times.
    static func returnSummaries(models: [SemanticModel], files: [ProjectFile], flows: [ModuleFlow], project: ProjectIndex,
                                known start: TaintFacts, rounds: Int) -> [String: ReturnSummary] {
        var known = start.returns
        var relevant: Set<String>? = nil
        for _ in 0..<rounds {
            var current = start
            current.returns = known
            let facts = current
            let modules = relevant
            let perFile = ParallelMap.map(Array(models.indices)) { index -> [String: ReturnSummary] in
                let model = models[index]
                if let modules, !modules.contains(model.moduleName) { return [:] }
                let context = RuleContext(tree: model.tree, source: files[index].source, model: model, path: files[index].path,
                                          project: project, taintFacts: facts, flow: flows[index])
                return ReturnSummaries.collect(context)
            }
            var next = known
            for summaries in perFile {
                for (function, summary) in summaries { next[function] = summary }
            }
            let changed = next.keys.filter { next[$0] != known[$0] }
            known = next
            if changed.isEmpty { break }
            relevant = Set(changed.flatMap { project.reverseCallGraph[$0] ?? [] }.compactMap { project.functions[$0]?.module })
            if relevant?.isEmpty == true { break }
        }
        return known
    }

    /// Two rules registered for overlapping node kinds may report the same occurrence; keep one.
    /// Findings of one rule at one place for different weaknesses (a cookie without `Secure` and
    /// without `HttpOnly`) are different occurrences.
    static func deduplicated(_ findings: [Finding]) -> [Finding] {
        var seen = Set<String>()
        return findings.filter { finding in
            let key = "\(finding.ruleID):\(finding.cwe.number):\(finding.location.startLine):\(finding.location.startColumn):\(finding.location.endLine):\(finding.location.endColumn)"
            return seen.insert(key).inserted
        }
    }
}

/// Work spread over every core, results in input order, on threads with large stacks (deeply
/// nested code is analysed recursively).
enum ParallelMap {
    static func map<T, R>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        return SyntaxCheck.parallelMap(items, jobs: SyntaxCheck.processorCount, transform)
    }
}
