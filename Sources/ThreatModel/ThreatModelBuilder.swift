import Dataflow
import Findings
import PythonSemantics
import PythonSyntax
import Rules

/// Builds the threat model of a project from the rules' view of its code (`CodeInventory`)
/// and the findings of the same scan, which the model links by their fingerprints.
public enum ThreatModelBuilder {
    /// - Parameters:
    ///   - displayPaths: for each file of the inventory, the path the scan's findings carry.
    ///   - limits: what the caller already knows the model misses (files that failed to parse).
    public static func build(inventory: CodeInventory, displayPaths: [String], findings: [Finding], toolVersion: String, roots: [String],
                             limits: [String] = []) -> ThreatModelDocument {
        let analyzer = Analyzer(inventory: inventory, displayPaths: displayPaths)
        var limits = limits
        var candidates = analyzer.httpCandidates() + analyzer.otherCandidates()
        let inTests = candidates.filter { inventory.contexts[$0.file].isTestFile }
        if !inTests.isEmpty {
            candidates.removeAll { inventory.contexts[$0.file].isTestFile }
            limits.append("\(inTests.count) entry point\(inTests.count == 1 ? "" : "s") in test code left out")
        }
        var described: [(entry: EntryPoint, facts: Stride.Facts)] = []
        var linked: Set<String> = []
        for var candidate in candidates {
            candidate.guards = analyzer.guardFunctions(candidate)
            let reading = analyzer.reading(candidate.file)
            let inputs = analyzer.inputs(candidate)
            let authentication = analyzer.authentication(candidate)
            let reaches = analyzer.reaches(candidate)
            let (spans, templates) = analyzer.spans(candidate, reaches: reaches)
            let found = Analyzer.findings(findings, in: spans, templates: templates)
            linked.formUnion(found.map(\.fingerprint))
            let line = Int(reading.tree[candidate.statement].range.lineno)
            let entry = EntryPoint(
                id: "", kind: candidate.kind, framework: candidate.framework?.rawValue, methods: candidate.methods, path: candidate.path,
                pathParameters: candidate.pathParameters,
                handler: reading.location(line, localName(candidate.name, reading.model.moduleName)),
                inputs: inputs, authentication: authentication,
                csrf: analyzer.csrf(candidate, authentication: authentication, inputs: inputs),
                rateLimit: analyzer.rateLimit(candidate),
                stateChanges: analyzer.stateChanges(candidate, reaches), reaches: reaches,
                findings: found.map(FindingReference.init).sorted(), stride: [])
            let facts = Stride.Facts(looksAdministrative: Self.mentions(Controls.adminWords, entry.path + " " + candidate.name),
                                     looksLikeWebhook: Self.mentions(Controls.webhookWords, entry.path),
                                     logs: analyzer.logging(candidate))
            described.append((entry, facts))
        }
        described.sort { order($0.entry) < order($1.entry) }
        for index in described.indices {
            described[index].entry.id = "E\(index + 1)"
            described[index].entry.stride = Stride.evaluate(described[index].entry, facts: described[index].facts)
        }
        let entries = described.map(\.entry)
        let diagram = DataFlow.build(described.map { DataFlow.Caller(entry: $0.entry, isWebhook: $0.facts.looksLikeWebhook,
                                                                     isAdministrative: $0.facts.looksAdministrative) })
        var crossings: [BoundaryCrossing] = []
        for flow in diagram.flows {
            guard let target = diagram.node(flow.to), target.kind == .store || target.kind == .external, flow.crossesBoundary else { continue }
            let ids = Set(flow.entryPoints)
            let behind = entries.filter { ids.contains($0.id) }.flatMap(\.findings)
            crossings.append(BoundaryCrossing(flow: flow.id, from: flow.from, to: flow.to, entryPoints: flow.entryPoints,
                                              stride: Stride.crossing(to: target, findings: Array(Set(behind)).sorted())))
        }
        let application = findings.filter { !linked.contains($0.fingerprint) }.map(FindingReference.init).sorted()
        if entries.isEmpty { limits.append("no entry point found: no route, command or task of a supported framework") }
        return ThreatModelDocument(toolVersion: toolVersion, roots: roots, entryPoints: entries, crossings: crossings, diagram: diagram,
                                   applicationFindings: application, applicationStride: Stride.application(application), limits: limits)
    }

    /// The order of the model: kind, then path, then method, then handler.
    static func order(_ entry: EntryPoint) -> (EntryKind, String, Int, CodeLocation) {
        (entry.kind, entry.path, Analyzer.methodOrder(entry.methods.first ?? ""), entry.handler)
    }

    static func localName(_ qualified: String, _ module: String) -> String {
        qualified.hasPrefix(module + ".") ? String(qualified.dropFirst(module.count + 1)) : qualified
    }

    /// Does the text contain one of the words as (part of) a path segment or a name component?
    static func mentions(_ words: [String], _ text: String) -> Bool {
        let parts = text.lowercased().split { "/._-<>{}: ".contains($0) }
        return parts.contains { part in words.contains { part.hasPrefix($0) || part.hasSuffix($0) } }
    }
}

extension Analyzer {
    /// The logging calls of an entry point's code and the functions it calls: `logging.info`,
    /// `logger.warning(...)` on a `logging.getLogger(...)`, an `audit...` helper.
    func logging(_ candidate: Candidate) -> [Evidence] {
        var out: [Evidence] = []
        var places: [(Int, ScopeID)] = candidate.scopes.map { (candidate.file, $0) }
        for function in reachedFunctions(candidate, depth: 3, limit: 100) {
            if let (file, scope, _) = definition(of: function) { places.append((file, scope)) }
        }
        let levels: Set<String> = ["debug", "info", "warning", "warn", "error", "exception", "critical", "log"]
        for (file, scope) in places {
            let reading = reading(file)
            for expr in inventory.expressions(in: scope, file: file) {
                guard let call = reading.context.call(expr) else { continue }
                let name = call.name ?? ""
                var logs = name.hasPrefix("logging.") && levels.contains(CodeReading.last(name))
                if !logs, case .attribute(let receiver, let method, _) = reading.tree[call.function].kind, levels.contains(method) {
                    let built = reading.model.constructorName(of: receiver) ?? ""
                    let text = reading.words(receiver)
                    logs = built.hasPrefix("logging.") || built.hasPrefix("structlog.") || text.hasSuffix("logger") || text.hasSuffix("log")
                        || text.hasSuffix(".logger")
                }
                if !logs, CodeReading.last(name).lowercased().hasPrefix("audit") || CodeReading.last(name) == "log_action" { logs = true }
                if logs {
                    out.append(Evidence("logs with `\(reading.text(call.function, limit: 40))(...)`", at: reading.location(of: expr)))
                    if out.count >= 3 { return out }
                }
            }
        }
        return out
    }
}
