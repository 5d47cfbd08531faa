import Dataflow
import Findings
import PythonSemantics
import PythonSyntax
import Synchronization

/// A call expression with its callee resolved: the view most rules start from. (A class, so
/// handing it to dozens of rules per call costs one retain, not one per array.)
public final class CallInfo: Sendable {
    public let id: ExprID
    /// The `func` part of the call.
    public let function: ExprID
    /// The callee's qualified name (`subprocess.Popen`), nil when unknown.
    public let name: String?
    public let args: [ExprID]
    public let keywords: [Keyword]

    /// The value passed for keyword `name`.
    public func keyword(_ name: String) -> ExprID? {
        keywords.first { $0.arg == name }?.value
    }

    /// The value passed as positional argument `index` or as keyword `name`.
    public func argument(_ index: Int, _ name: String? = nil) -> ExprID? {
        if index >= 0, index < args.count, !hasStarredPositional(upTo: index) { return args[index] }
        if let name { return keyword(name) }
        return nil
    }

    /// True when `*args` or `**kwargs` is passed, so an argument may be present unseen.
    public var hasUnpacking: Bool {
        keywords.contains { $0.arg == nil } || starredArgs
    }

    let starredArgs: Bool
    let starredIndex: Int?

    init(id: ExprID, function: ExprID, name: String?, args: [ExprID], keywords: [Keyword], starredArgs: Bool, starredIndex: Int?) {
        self.id = id
        self.function = function
        self.name = name
        self.args = args
        self.keywords = keywords
        self.starredArgs = starredArgs
        self.starredIndex = starredIndex
    }

    func hasStarredPositional(upTo index: Int) -> Bool {
        guard let star = starredIndex else { return false }
        return star <= index
    }
}

/// Everything a rule may ask about the file being analysed: the tree, the source, the
/// semantic model, the project view, and helpers that turn a node into a `Finding`.
/// Immutable, so a context is shared by all rules of one file without locking.
public final class RuleContext: Sendable {
    public let tree: SyntaxTree
    public let source: SourceFile
    public let model: SemanticModel
    public let project: ProjectIndex
    /// Parameters of project functions that calls elsewhere fill with request data.
    public let taintFacts: TaintFacts
    /// Unreachable code and container contents of this module (computed once, for all rules).
    public let flow: ModuleFlow
    /// The top-level packages the module imports (`flask` for `from flask.views import View`),
    /// once per file: rules ask "does this module use Django?" at every node.
    public let importedRoots: Set<String>
    /// The path findings carry (relative to the scan root where possible).
    public let path: String
    /// True for test code (`test_*.py`, `*_test.py`, `conftest.py`, files under `tests/`):
    /// rules such as `assert` use stay quiet there.
    public let isTestFile: Bool
    private let lineStarts: [Int]
    /// Every reachable call, resolved once for all rules (most rules start from calls).
    private let calls: [CallInfo?]
    /// Class scope → the request-handler framework its bases make it (`RequestSources.handlerFramework`),
    /// remembered: the question comes at every use of `self` in every method.
    let handlerFrameworks = Mutex<[ScopeID: Framework?]>([:])

    /// Class name → the sink class it derives from, remembered: every rule asks about every call.
    let sinkBases = Mutex<[String: String?]>([:])

    /// The catalog class a project class derives from (`class Page(Cheetah.Template.Template)`), or nil.
    func sinkBase(of name: String) -> String? {
        if let known = sinkBases.withLock({ $0[name] }) { return known }
        var base: String? = nil
        if project.classes[project.canonicalName(name)] != nil {
            base = project.firstBase(of: name) { SinkCatalog.listsAny($0) ? $0 : nil }
        }
        sinkBases.withLock { $0[name] = .some(base) }
        return base
    }

    /// Functions that read Django-only request attributes from a parameter named `request`
    /// (`request.GET`, `request.POST`, `request.META`, ...), computed once per module: a view in
    /// a module that never imports Django (its `urls.py` does) is still a Django view.
    public var djangoShapedFunctions: Set<ScopeID> {
        djangoShaped.withLock { cached in
            if let cached { return cached }
            var out: Set<ScopeID> = []
            for index in tree.exprs.indices {
                guard case .attribute(let base, let attr, _) = tree.exprs[index].kind, RuleContext.djangoOnlyAttributes.contains(attr),
                      case .name("request", _) = tree[base].kind, var scope = model.scope(of: ExprID(Int32(index))) else { continue }
                // A use inside a comprehension or lambda belongs to the function around it.
                while model[scope].kind != .function, let parent = model[scope].parent { scope = parent }
                out.insert(scope)
            }
            cached = out
            return out
        }
    }
    let djangoShaped = Mutex<Set<ScopeID>?>(nil)
    static let djangoOnlyAttributes: Set<String> = ["GET", "POST", "COOKIES", "META", "FILES"]

    /// `flow` is the module's flow facts when the caller already has them (the project pass
    /// builds a file's contexts several times, the facts once).
    public init(tree: SyntaxTree, source: SourceFile, model: SemanticModel, path: String, project: ProjectIndex = .empty,
                taintFacts: TaintFacts = .empty, flow: ModuleFlow? = nil) {
        self.tree = tree
        self.source = source
        self.model = model
        self.project = project
        self.taintFacts = taintFacts
        self.flow = flow ?? ModuleFlow(model: model)
        var roots: Set<String> = []
        for binding in model.bindings {
            guard case .imported(let name) = binding.kind else { continue }
            roots.insert(name.split(separator: ".").first.map(String.init) ?? name)
        }
        self.importedRoots = roots
        self.path = path
        var starts = [0]
        for (index, byte) in source.bytes.enumerated() where byte == 10 { starts.append(index + 1) }
        lineStarts = starts
        isTestFile = RuleContext.looksLikeTest(path)
        var calls = [CallInfo?](repeating: nil, count: tree.exprs.count)
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard case .call(let function, let args, let keywords) = tree.exprs[index].kind, model.scope(of: id) != nil else { continue }
            let starIndex = args.firstIndex { if case .starred = tree[$0].kind { return true } else { return false } }
            calls[index] = CallInfo(id: id, function: function, name: model.qualifiedName(of: function), args: args, keywords: keywords,
                                 starredArgs: starIndex != nil, starredIndex: starIndex)
        }
        self.calls = calls
    }

    static func looksLikeTest(_ path: String) -> Bool { PathRoles.isTestOrCI(path) }

    // MARK: Asking the model

    /// The call at `id` with its callee resolved; nil when `id` is not a call.
    public func call(_ id: ExprID) -> CallInfo? {
        if id.index >= 0, Int(id.index) < calls.count, let cached = calls[Int(id.index)] { return cached }
        guard case .call(let function, let args, let keywords) = tree[id].kind else { return nil }
        let starIndex = args.firstIndex { if case .starred = tree[$0].kind { return true } else { return false } }
        return CallInfo(id: id, function: function, name: model.qualifiedName(of: function), args: args, keywords: keywords,
                        starredArgs: starIndex != nil, starredIndex: starIndex)
    }

    /// The call a node is, when the rule was dispatched on `.call`.
    public func call(_ node: Node) -> CallInfo? {
        guard case .expression(let id) = node else { return nil }
        return call(id)
    }

    public func qualifiedName(_ expr: ExprID) -> String? { model.qualifiedName(of: expr) }

    /// The sinks of `kind` this call is (rows of `SinkCatalog`), each with the argument that
    /// carries data into it.
    public func sinks(_ call: CallInfo, _ kind: SinkKind) -> [SinkMatch] {
        let found = SinkCatalog.matches(call.id, kind: kind, in: model)
        // (Only a class can be derived from a sink class: most calls are not, and the project
        // look-up is not free.)
        guard found.isEmpty, let name = call.name, let first = name.split(separator: ".").last?.first, first.isUppercase,
              let base = sinkBase(of: name), SinkCatalog.lists(base, kind: kind) else { return found }
        // A project class derived from a sink class (`class Page(Template)`, then `Page(src)`).
        return SinkCatalog.matches(call.id, kind: kind, in: model, calleeName: base)
    }

    /// How a finding names a sink's callee: the function, or the receiver's text and the method.
    public func sinkName(_ match: SinkMatch) -> String {
        guard let receiver = match.receiver else { return match.callee }
        return text(receiver, limit: 30) + match.callee
    }
    public func constant(_ expr: ExprID) -> ConstantValue? { model.constantValue(of: expr) }
    public func string(_ expr: ExprID) -> String? { model.constantString(of: expr) }
    public func int(_ expr: ExprID) -> Int? { model.constantInt(of: expr) }

    /// Is the value of `expr` text the program itself fixes: a constant, a local bound only to
    /// constants, a loop variable over a literal of constants, `"sep".join(items)` or an
    /// element of a local list/tuple whose every stored value is a constant (the container
    /// facts of `flow`)?
    public func isProgramText(_ expr: ExprID, depth: Int = 0) -> Bool {
        guard depth < 8 else { return false }
        if constant(expr) != nil { return true }
        if let stored = flow.elementSources[expr] ?? flow.containerContents[expr] {
            return !stored.isEmpty && stored.allSatisfy { isProgramText($0, depth: depth + 1) }
        }
        switch tree[expr].kind {
        case .name:
            let defs = model.reachingBindings(of: expr)
            guard !defs.isEmpty else { return false }
            return defs.allSatisfy { def in
                switch model[def].kind {
                case .assignment(let value?): return isProgramText(value, depth: depth + 1)
                case .loopTarget(let iterable):
                    switch tree[iterable].kind {
                    case .list(let elts, _), .tuple(let elts, _), .set(let elts):
                        return !elts.isEmpty && elts.allSatisfy { constant($0) != nil }
                    default: return isProgramText(iterable, depth: depth + 1) && flow.containerContents[iterable] != nil
                    }
                default: return false
                }
            }
        case .list(let elts, _), .tuple(let elts, _):
            return elts.allSatisfy { isProgramText($0, depth: depth + 1) }
        case .call(let function, let args, let keywords):
            // `", ".join(parts)` of program text.
            guard case .attribute(let base, "join", _) = tree[function].kind, constant(base) != nil, args.count == 1, keywords.isEmpty else { return false }
            return isProgramText(args[0], depth: depth + 1)
        default:
            return false
        }
    }

    /// Is every run-time part of `expr` a local that a check has restricted to a safe shape or
    /// to a constant set where `expr` is evaluated (`if op not in ALLOWED: abort(400)`, `if not
    /// re.fullmatch("[a-z0-9.]+", host): raise ...`, see `GuardedNames`)?
    public func isRestrictedByChecks(_ expr: ExprID) -> Bool {
        let holes = model.stringShape(of: expr).holes
        return !holes.isEmpty && holes.allSatisfy { hole in
            guard case .name(let id, _) = tree[hole].kind else { return false }
            return flow.isGuarded(id, at: hole)
        }
    }

    /// The constant text a built string starts with, up to its first run-time part: for a
    /// template, up to its first placeholder (`"https://{}/x".format(host)` and `"https://%s/x" %
    /// host` start with `https://`, not with the whole template). Nil when it starts with a hole.
    public func constantPrefix(of expr: ExprID) -> Substring? {
        guard case .literal(let literal)? = model.stringShape(of: expr).parts.first else { return nil }
        // A local holding a template (`url = "https://{}/x".format(h)`): the template decides.
        var built = expr
        for _ in 0..<4 {
            guard case .name = tree[built].kind, let value = model.assignedValue(of: built) else { break }
            built = value
        }
        let placeholder: Character
        switch tree[built].kind {
        case .call: placeholder = "{"
        case .binOp(_, .mod, _): placeholder = "%"
        default: return Substring(literal)
        }
        var index = literal.startIndex
        while let found = literal[index...].firstIndex(of: placeholder) {
            let next = literal.index(after: found)
            if next < literal.endIndex, literal[next] == placeholder { index = literal.index(after: next); continue }
            return literal[..<found]
        }
        return Substring(literal)
    }

    /// Is the expression a constant that Python considers true?
    public func isTrue(_ expr: ExprID?) -> Bool {
        guard let expr, let value = constant(expr) else { return false }
        return value.isTruthy
    }

    /// Is the expression a constant that Python considers false?
    public func isFalse(_ expr: ExprID?) -> Bool {
        guard let expr, let value = constant(expr) else { return false }
        return !value.isTruthy
    }

    /// The name an assignment target writes: `x` → `x`, `self.secret_key` → `secret_key`,
    /// `app.config["SECRET_KEY"]` → `SECRET_KEY` (constant subscripts only).
    public func assignedName(_ target: ExprID) -> String? {
        switch tree[target].kind {
        case .name(let id, _): return id
        case .attribute(_, let attr, _): return attr
        case .subscript(_, let slice, _): return string(slice)
        default: return nil
        }
    }

    /// The source text of a node, shortened to `limit` characters for messages.
    public func text(_ expr: ExprID, limit: Int = 60) -> String {
        let full = source.text(tree[expr].range).split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        return full.count <= limit ? full : String(full.prefix(limit - 1)) + "…"
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
