import Dataflow
import Findings
import PythonSemantics
import PythonSyntax
import Synchronization

/// Everything a rule may ask about the file being analysed: what the dataflow engine knows of it
/// (`FlowContext`: the tree, the source, the semantic model, the project view) and helpers that
/// turn a node into a `Finding`. Immutable, so a context is shared by all rules of one file.
public final class RuleContext: FlowContext, @unchecked Sendable {
    /// True for test code (`test_*.py`, `*_test.py`, `conftest.py`, files under `tests/`):
    /// rules such as `assert` use stay quiet there.
    public let isTestFile: Bool
    private let lineStarts: [Int]

    /// `flow` is the module's flow facts when the caller already has them (the project pass
    /// builds a file's contexts several times, the facts once).
    public override init(tree: SyntaxTree, source: SourceFile, model: SemanticModel, path: String, project: ProjectIndex = .empty,
                taintFacts: TaintFacts = .empty, flow: ModuleFlow? = nil) {
        var starts = [0]
        for (index, byte) in source.bytes.enumerated() where byte == 10 { starts.append(index + 1) }
        lineStarts = starts
        isTestFile = RuleContext.looksLikeTest(path)
        super.init(tree: tree, source: source, model: model, path: path, project: project, taintFacts: taintFacts, flow: flow)
    }

    static func looksLikeTest(_ path: String) -> Bool { PathRoles.isTestOrCI(path) }

    /// For a rule that reports a dangerous call by its name (`yaml.load`, `pickle.loads`,
    /// `eval`): is the data the call reads fixed by the program itself (a constant, or only
    /// constants reach it, through folded branches and containers)? Then there is nothing an
    /// attacker wrote to load, and no finding.
    func isFixedByProgram(_ data: ExprID?) -> Bool {
        guard let data else { return false }
        return isProgramText(data)
    }

    /// Is `data` read out of the session the server itself wrote (Flask's and Quart's `session`,
    /// signed with the app's key or kept server-side; Django's `request.session`, kept
    /// server-side), through subscripts and `.get`? Only someone holding the app's secret can
    /// put a value there.
    func isSessionData(_ data: ExprID?) -> Bool {
        guard var current = data else { return false }
        for _ in 0..<8 {
            switch tree[current].kind {
            case .subscript(let base, _, _):
                current = base
                continue
            case .call(let function, _, _):
                guard case .attribute(let base, "get", _) = tree[function].kind else { return false }
                current = base
                continue
            case .attribute(let base, "session", _):
                return Taint.requestObject(base, self) != nil
            case .name:
                if let name = qualifiedName(current), ["flask.session", "flask.globals.session", "quart.session"].contains(name) { return true }
                guard let bound = model.assignedValue(of: current) else { return false }
                current = bound
                continue
            default:
                return false
            }
        }
        return false
    }

    /// The confidence of such a rule's finding where no request flow reaches the call: one step
    /// below the rule's own, since whether an attacker can reach the data is not known.
    func unflowedConfidence(_ descriptor: RuleDescriptor) -> Confidence {
        switch descriptor.confidence {
        case .high: return .medium
        default: return .low
        }
    }

    /// The call a node is, when the rule was dispatched on `.call`.
    public func call(_ node: Node) -> CallInfo? {
        guard case .expression(let id) = node else { return nil }
        return call(id)
    }

    /// The response headers a node writes (the catalog's `ResponseHeaders`): an assignment
    /// statement or a call.
    func headerWrites(_ node: Node) -> [HeaderWrite] {
        switch node {
        case .statement(let stmt): return ResponseHeaders.writes(statement: stmt, self)
        case .expression: return call(node).map { ResponseHeaders.writes(call: $0, self) } ?? []
        case .module: return []
        }
    }

    /// The text of a 1-based line, without its line ending.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] : source.bytes.count
        while end > start, source.bytes[end - 1] == 10 || source.bytes[end - 1] == 13 { end -= 1 }
        return String(decoding: source.bytes[start..<end], as: UTF8.self)
    }

    /// 1-based character column of a 0-based UTF-8 byte offset on a 1-based line.
    public func column(line number: Int, byteOffset: Int) -> Int {
        guard number >= 1, number <= lineStarts.count else { return byteOffset + 1 }
        let start = lineStarts[number - 1]
        let end = min(start + max(0, byteOffset), source.bytes.count)
        var characters = 0
        var index = start
        while index < end {
            // Count UTF-8 lead bytes (not continuation bytes 10xxxxxx).
            if source.bytes[index] & 0xC0 != 0x80 { characters += 1 }
            index += 1
        }
        return characters + 1
    }

    // MARK: Credentials

    /// Where the string and bytes literals that make up `expr` are (through one assignment of a
    /// name, into `bytes.fromhex("...")` or `b"x" * 16`): the spans a finding about a hard-coded
    /// credential hands to `Finding.redactions`, so output masks them. Each literal's text between
    /// its quotes is one secret, shown as `Redaction.redact` of its value, as the messages show it.
    public func credentialSpans(_ expr: ExprID) -> [RedactedSpan] {
        credentialSpans(expr, depth: 0)
    }

    private func credentialSpans(_ expr: ExprID, depth: Int) -> [RedactedSpan] {
        switch tree[expr].kind {
        case .constant(let value, _):
            return literalSpans(expr, value: value)
        case .name:
            guard depth == 0, let bound = model.assignedValue(of: expr) else { return [] }
            return credentialSpans(bound, depth: depth + 1)
        default:
            guard depth < 4 else { return [] }
            return tree.childExprs(of: expr).flatMap { credentialSpans($0, depth: depth + 1) }
        }
    }

    /// The spans of one string or bytes literal's text between its quotes (over several lines for
    /// a triple-quoted one).
    private func literalSpans(_ expr: ExprID, value: ConstantValue) -> [RedactedSpan] {
        let replacement: String
        switch value {
        case .str(let text): replacement = Redaction.redact(text)
        case .bytes(let bytes): replacement = Redaction.redact(bytes)
        default: return []
        }
        let range = tree[expr].range
        let bytes = source.bytes
        guard range.lineno >= 1, Int(range.endLineno) <= lineStarts.count else { return [] }
        var start = lineStarts[Int(range.lineno) - 1] + Int(range.colOffset)
        var end = min(bytes.count, lineStarts[Int(range.endLineno) - 1] + Int(range.endColOffset))
        // Skip the prefix (`b`, `r`, `u`, `rb`) and the opening quotes; drop the closing ones.
        while start < end, bytes[start] != UInt8(ascii: "'"), bytes[start] != UInt8(ascii: "\""), bytes[start] < 0x80,
              (bytes[start] | 0x20) >= UInt8(ascii: "a"), (bytes[start] | 0x20) <= UInt8(ascii: "z") { start += 1 }
        guard start < end else { return [] }
        let quote = bytes[start]
        let width = start + 2 < end && bytes[start + 1] == quote && bytes[start + 2] == quote ? 3 : 1
        start += width
        if end - width >= start, bytes[(end - width)..<end].allSatisfy({ $0 == quote }) { end -= width }
        guard end > start else { return [] }
        let secret = String(decoding: bytes[start..<end], as: UTF8.self)
        let startLine = lineNumber(containing: start), endLine = lineNumber(containing: end - 1)
        return RedactedSpan.covering(secret: secret, replacement: replacement,
                                     start: (startLine, column(line: startLine, byteOffset: start - lineStarts[startLine - 1])),
                                     end: (endLine, column(line: endLine, byteOffset: end - lineStarts[endLine - 1])),
                                     line: { self.line($0) })
    }

    /// Byte `offset` of the source as a fix edit's position (1-based line and character column).
    func position(_ offset: Int) -> TextPosition {
        let line = lineNumber(containing: offset)
        return TextPosition(offset: offset, line: line, column: column(line: line, byteOffset: offset - lineStarts[line - 1]))
    }

    /// The 1-based line holding byte `offset` of the source.
    private func lineNumber(containing offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    // MARK: Making findings

    /// A finding of `descriptor` at an expression.
    func finding(_ descriptor: RuleDescriptor, at expr: ExprID, description: String, remediation: String, fix: String? = nil,
                 severity: Severity? = nil, confidence: Confidence? = nil, flow: RequestOrigin? = nil, proofOfConcept: String? = nil,
                 properties: [String: String] = [:], redactions: [RedactedSpan] = [], autofix: Fix? = nil) -> Finding {
        var found = finding(descriptor, range: tree[expr].range, enclosing: model.enclosingName(of: expr), description: description,
                            remediation: remediation, fix: fix, severity: severity, confidence: confidence, proofOfConcept: proofOfConcept,
                            properties: properties, redactions: redactions)
        found.fix = autofix
        if let flow { found.steps = steps(of: flow); assumeThroughUnmodelledCall(&found, flow) }
        return found
    }

    /// A flow assumed through a library call with no model is at low confidence (and so, by the
    /// calibration policy, at most Medium), and says which call it went through.
    func assumeThroughUnmodelledCall(_ found: inout Finding, _ flow: RequestOrigin) {
        guard let call = flow.unmodelledCall else { return }
        found.confidence = .low
        found.severity = min(found.severity, Calibration.highestSeverity(at: .low))
        found.description += " (The flow is assumed through `\(call)(...)`, a library call Taintline has no model of: check whether it keeps the data as it is.)"
        found.properties["flow"] = "assumed through an unmodelled library call"
    }

    /// A finding of `descriptor` at a statement (its first line).
    func finding(_ descriptor: RuleDescriptor, at stmt: StmtID, description: String, remediation: String, fix: String? = nil,
                 severity: Severity? = nil, confidence: Confidence? = nil, flow: RequestOrigin? = nil, proofOfConcept: String? = nil,
                 properties: [String: String] = [:], autofix: Fix? = nil) -> Finding {
        var found = finding(descriptor, range: tree[stmt].range, enclosing: model.enclosingName(of: stmt), description: description,
                            remediation: remediation, fix: fix, severity: severity, confidence: confidence, proofOfConcept: proofOfConcept,
                            properties: properties)
        found.fix = autofix
        if let flow { found.steps = steps(of: flow); assumeThroughUnmodelledCall(&found, flow) }
        return found
    }

    /// The path steps of a flow finding: where the request data was read (in the caller, for
    /// data passed in), then each expression it went through here, one per line, source first.
    /// Only expressions the value itself went through are shown (never the whole sink call,
    /// whose other arguments may hold a credential the code frame masks).
    func steps(of origin: RequestOrigin) -> [FlowStep] {
        var out: [FlowStep] = []
        if let remote = origin.remote {
            out.append(FlowStep(location: Location(file: remote.path, startLine: remote.line, enclosingScope: remote.caller),
                                message: "`\(remote.sourceText)` read (\(origin.framework.rawValue) request \(origin.field)), passed to this function"))
        }
        var seenLines: Set<Int> = []
        var here: [FlowStep] = []
        for expr in origin.trail.reversed() {
            let range = tree[expr].range
            let line = Int(range.lineno)
            guard seenLines.insert(line).inserted else { continue }
            let location = Location(file: path, startLine: line, startColumn: column(line: line, byteOffset: Int(range.colOffset)),
                                    endLine: max(line, Int(range.endLineno)),
                                    endColumn: column(line: max(line, Int(range.endLineno)), byteOffset: Int(range.endColOffset)),
                                    enclosingScope: model.enclosingName(of: expr))
            here.append(FlowStep(location: location, message: "`\(text(expr, limit: 60))`"))
        }
        // A long path keeps its two ends and the steps nearest them.
        if here.count > 12 { here = Array(here.prefix(6)) + Array(here.suffix(6)) }
        if !here.isEmpty, origin.remote == nil {
            here[0].message = "`\(origin.text(self))`: request data read (\(origin.framework.rawValue) request \(origin.field))"
        }
        return out + here
    }

    /// A finding of `descriptor` at an arbitrary range.
    public func finding(_ descriptor: RuleDescriptor, range: SourceRange, enclosing: String?, description: String, remediation: String,
                        fix: String? = nil, severity: Severity? = nil, confidence: Confidence? = nil,
                        proofOfConcept: String? = nil, properties: [String: String] = [:], redactions: [RedactedSpan] = []) -> Finding {
        let startLine = Int(range.lineno)
        let endLine = max(startLine, Int(range.endLineno))
        let location = Location(file: path, startLine: startLine,
                                startColumn: column(line: startLine, byteOffset: Int(range.colOffset)),
                                endLine: endLine, endColumn: column(line: endLine, byteOffset: Int(range.endColOffset)),
                                enclosingScope: enclosing)
        let snippet = line(startLine).trimmingWhitespace()
        // A rule covering two weaknesses names the one of this finding in `properties["cwe"]`
        // (`TL-CRYPTO-HARDCODED-KEY`: a key is CWE-321, a fixed IV CWE-329).
        let cwe = properties["cwe"].flatMap { $0.hasPrefix("CWE-") ? Int($0.dropFirst(4)) : nil }.map(CWE.init) ?? descriptor.cwe
        // Its OWASP category follows: a cookie without `SameSite` (CWE-1275) is A01, whatever the rule's.
        let categories = OWASPCategory.categories(of: cwe)
        let owasp = cwe == descriptor.cwe || categories.isEmpty || categories.contains(descriptor.owasp) ? descriptor.owasp : categories[0]
        // Findings of one rule for different weaknesses on one line (a cookie without `Secure` and
        // without `HttpOnly`) keep their own identities: the fingerprint names the CWE.
        let fingerprint = cwe == descriptor.cwe ? nil
            : Fingerprint.make(ruleID: descriptor.id, file: path, scope: enclosing, snippet: snippet + " " + cwe.description)
        var references = descriptor.references
        if !references.contains(cwe.url) { references.append(cwe.url) }
        return Finding(ruleID: descriptor.id, title: descriptor.summary, severity: severity ?? descriptor.severity,
                       confidence: confidence ?? descriptor.confidence, owasp: owasp, cwe: cwe,
                       location: location, description: description, proofOfConcept: proofOfConcept, remediation: remediation,
                       fixSnippet: fix, references: references, analysis: .code, fingerprint: fingerprint, snippet: snippet,
                       properties: properties, redactions: redactions)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
