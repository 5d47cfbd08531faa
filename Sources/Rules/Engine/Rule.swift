import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// The syntax node kinds a rule can ask to be called for. Async variants share their
/// synchronous kind (`async def` is `.functionDef`), `try*` is `.try`; `.module` is called once
/// per file, for rules that look at the whole file (its bytes, its comments).
public enum NodeKind: Int, CaseIterable, Sendable {
    case module
    // Statements
    case functionDef, classDef, `return`, delete, assign, typeAlias, augAssign, annAssign, `for`, `while`, `if`, with, match
    case raise, `try`, assert, `import`, importFrom, global, nonlocal, exprStatement, pass, `break`, `continue`
    // Expressions
    case boolOp, namedExpr, binOp, unaryOp, lambda, ifExp, dict, set, listComp, setComp, dictComp, generatorExp
    case await, yield, yieldFrom, compare, call, formattedValue, interpolation, joinedStr, templateStr, constant
    case attribute, `subscript`, starred, name, list, tuple, slice

    public init(_ kind: StmtKind) {
        switch kind {
        case .functionDef, .asyncFunctionDef: self = .functionDef
        case .classDef: self = .classDef
        case .return: self = .return
        case .delete: self = .delete
        case .assign: self = .assign
        case .typeAlias: self = .typeAlias
        case .augAssign: self = .augAssign
        case .annAssign: self = .annAssign
        case .for, .asyncFor: self = .for
        case .while: self = .while
        case .if: self = .if
        case .with, .asyncWith: self = .with
        case .match: self = .match
        case .raise: self = .raise
        case .try, .tryStar: self = .try
        case .assert: self = .assert
        case .import: self = .import
        case .importFrom: self = .importFrom
        case .global: self = .global
        case .nonlocal: self = .nonlocal
        case .expr: self = .exprStatement
        case .pass: self = .pass
        case .break: self = .break
        case .continue: self = .continue
        }
    }

    public init(_ kind: ExprKind) {
        switch kind {
        case .boolOp: self = .boolOp
        case .namedExpr: self = .namedExpr
        case .binOp: self = .binOp
        case .unaryOp: self = .unaryOp
        case .lambda: self = .lambda
        case .ifExp: self = .ifExp
        case .dict: self = .dict
        case .set: self = .set
        case .listComp: self = .listComp
        case .setComp: self = .setComp
        case .dictComp: self = .dictComp
        case .generatorExp: self = .generatorExp
        case .await: self = .await
        case .yield: self = .yield
        case .yieldFrom: self = .yieldFrom
        case .compare: self = .compare
        case .call: self = .call
        case .formattedValue: self = .formattedValue
        case .interpolation: self = .interpolation
        case .joinedStr: self = .joinedStr
        case .templateStr: self = .templateStr
        case .constant: self = .constant
        case .attribute: self = .attribute
        case .subscript: self = .subscript
        case .starred: self = .starred
        case .name: self = .name
        case .list: self = .list
        case .tuple: self = .tuple
        case .slice: self = .slice
        }
    }
}

/// The node a rule is called for.
public enum Node: Sendable, Hashable {
    case module
    case statement(StmtID)
    case expression(ExprID)
}

/// A Python snippet that documents and tests a rule. Lines that must be reported carry a
/// trailing marker comment `# error: TL-B602` (several ids separated by commas); a snippet
/// without markers must produce no finding of the rule. A finding whose CWE is not the rule's
/// own is marked with it: `# error: TL-WEB-INSECURE-COOKIE[CWE-1004]`.
public struct RuleExample: Sendable, Hashable {
    public let code: String
    /// The path the snippet is analysed as (matters for rules that look at test files).
    public let path: String
    /// Whether the generic test may hide the snippet in a string or a comment and expect
    /// silence. False for rules that deliberately look into comments (trojan source).
    public let perturbable: Bool
    /// 1-based line → the fix snippet the finding there must suggest (`""`: no fix at all), so
    /// a rule's examples check its advice as well as its lines.
    public let fixes: [Int: String]

    public init(_ code: String, path: String = "example.py", perturbable: Bool = true, fixes: [Int: String] = [:]) {
        self.code = code
        self.path = path
        self.perturbable = perturbable
        self.fixes = fixes
    }

    /// 1-based line → rule ids that must be reported there.
    public var expectedFindings: [Int: [String]] {
        markers.mapValues { $0.map(\.id) }
    }

    /// 1-based line → the rule ids that must be reported there, each with the CWE its marker
    /// names (`TL-X[CWE-1004]`), or nil when the finding has the rule's own CWE.
    public var markers: [Int: [(id: String, cwe: Int?)]] {
        var out: [Int: [(id: String, cwe: Int?)]] = [:]
        for (index, line) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let marker = line.range(of: "# error:") else { continue }
            let items = line[marker.upperBound...].split(whereSeparator: { $0 == "," || $0 == " " }).filter { !$0.isEmpty }.map { item -> (id: String, cwe: Int?) in
                guard let open = item.firstIndex(of: "["), item.hasSuffix("]") else { return (String(item), nil) }
                let inner = item[item.index(after: open)..<item.index(before: item.endIndex)]
                return (String(item[..<open]), inner.hasPrefix("CWE-") ? Int(inner.dropFirst(4)) : nil)
            }
            if !items.isEmpty { out[index + 1] = items }
        }
        return out
    }
}

/// A rule's mechanical fix, declared in the rule's file: how safe it is, why, and examples of
/// code before and after `scan --fix`, which the generic rule test applies (the result must be
/// `after` exactly, parse, and no longer hold the fixed findings). The check builds each
/// finding's `Fix` from the syntax tree (`RuleContext.fix` and the edit helpers).
public struct Autofix: Sendable {
    public let applicability: FixApplicability
    /// What the fix does and why it is safe or not: the rule documentation's `## Fix` section.
    public let safety: String
    public let examples: [FixExample]

    public init(_ applicability: FixApplicability, safety: String, examples: [FixExample]) {
        self.applicability = applicability
        self.safety = safety
        self.examples = examples
    }
}

/// A Python module before and after every fix the rule offers in it is applied. A finding the
/// rule reports without a fix (the rewrite would not be exact) leaves its code as it was.
public struct FixExample: Sendable, Hashable {
    public let before: String
    public let after: String
    /// The path the snippet is analysed as.
    public let path: String

    public init(_ before: String, _ after: String, path: String = "example.py") {
        self.before = before
        self.after = after
        self.path = path
    }
}

/// One rule: its descriptor, the node kinds it wants, its examples and its check. A check is a
/// pure function of the node and the file's context, so rules are thread-safe and files can be
/// analysed in parallel.
public struct Rule: Sendable, CustomStringConvertible {
    public let descriptor: RuleDescriptor
    public let nodeKinds: [NodeKind]
    /// Triggering examples (with `# error:` markers) and non-triggering ones (without).
    public let examples: [RuleExample]
    /// The rule's mechanical fix, when it has one.
    public let autofix: Autofix?
    let check: @Sendable (Node, RuleContext) -> [Finding]

    public init(_ descriptor: RuleDescriptor, on nodeKinds: [NodeKind], examples: [RuleExample], autofix: Autofix? = nil,
                check: @escaping @Sendable (Node, RuleContext) -> [Finding]) {
        var descriptor = descriptor
        if let autofix {
            descriptor.fixApplicability = autofix.applicability
            let command = autofix.applicability == .safe ? "taintline scan --fix" : "taintline scan --fix --unsafe-fixes"
            descriptor.documentation += "\n\n## Fix\n`\(command)` rewrites the code where the rewrite is exact (`--diff` shows it first); "
                + "the fix is \(autofix.applicability.rawValue): \(autofix.safety)"
        }
        self.descriptor = descriptor
        self.nodeKinds = nodeKinds
        self.examples = examples
        self.autofix = autofix
        self.check = check
    }

    public func run(_ node: Node, _ context: RuleContext) -> [Finding] {
        check(node, context)
    }

    public var id: String { descriptor.id }
    public var description: String { descriptor.id }
}
